<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en">
<context>
    <name>ChoiceList</name>
    <message numerus="yes">
        <source>%n item(s)</source>
        <translation>
            <numerusform>%n item</numerusform>
            <numerusform>%n items</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CountDesk</name>
    <message numerus="yes">
        <source>Count %1 · %n line(s)</source>
        <translation>
            <numerusform>Count %1 · %n line</numerusform>
            <numerusform>Count %1 · %n lines</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n adjustment(s) posted to the stock book; the variance sheet is printing.</source>
        <translation>
            <numerusform>%n adjustment posted to the stock book; the variance sheet is printing.</numerusform>
            <numerusform>%n adjustments posted to the stock book; the variance sheet is printing.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CounterStatusBar</name>
    <message numerus="yes">
        <source>PC clock %n min behind head office</source>
        <translation>
            <numerusform>PC clock %n min behind head office</numerusform>
            <numerusform>PC clock %n min behind head office</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>PC clock %n min ahead of head office</source>
        <translation>
            <numerusform>PC clock %n min ahead of head office</numerusform>
            <numerusform>PC clock %n min ahead of head office</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CountersLink</name>
    <message numerus="yes">
        <source>%n record(s) coming</source>
        <translation>
            <numerusform>%n record coming</numerusform>
            <numerusform>%n records coming</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n other(s), up to date</source>
        <translation>
            <numerusform>%n other, up to date</numerusform>
            <numerusform>%n others, up to date</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HeadOfficeLink</name>
    <message numerus="yes">
        <source>%n record(s) need attention</source>
        <translation>
            <numerusform>%n record needs attention</numerusform>
            <numerusform>%n records need attention</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LabelPrinterPanel</name>
    <message numerus="yes">
        <source>%n printer(s) found. Choose the label printer in the list.</source>
        <translation>
            <numerusform>%n printer found. Choose the label printer in the list.</numerusform>
            <numerusform>%n printers found. Choose the label printer in the list.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message numerus="yes">
        <source>%n orders end in %1</source>
        <translation>
            <numerusform>%n order ends in %1</numerusform>
            <numerusform>%n orders end in %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>This household has %n more ready order(s): Ctrl+H adds them to this handover.</source>
        <translation>
            <numerusform>This household has %n more ready order: Ctrl+H adds it to this handover.</numerusform>
            <numerusform>This household has %n more ready orders: Ctrl+H adds them to this handover.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n orders of this household · slots %1</source>
        <translation>
            <numerusform>%n order of this household · slot %1</numerusform>
            <numerusform>%n orders of this household · slots %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Handed over with %n exception(s)</source>
        <translation>
            <numerusform>Handed over with %n exception</numerusform>
            <numerusform>Handed over with %n exceptions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Handed over · %n item(s)</source>
        <translation>
            <numerusform>Handed over · %n item</numerusform>
            <numerusform>Handed over · %n items</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OrderCard</name>
    <message numerus="yes">
        <source>Taken %1 of %n item(s) · %2</source>
        <translation>
            <numerusform>Taken %1 of %n item · %2</numerusform>
            <numerusform>Taken %1 of %n items · %2</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n item(s)</source>
        <translation>
            <numerusform>%n item</numerusform>
            <numerusform>%n items</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OverdueDesk</name>
    <message numerus="yes">
        <source>%n order(s) ticked.</source>
        <translation>
            <numerusform>%n order ticked.</numerusform>
            <numerusform>%n orders ticked.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n order(s) ticked</source>
        <translation>
            <numerusform>%n order ticked</numerusform>
            <numerusform>%n orders ticked</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>holding period of %n day(s) for orders received from now on</source>
        <translation>
            <numerusform>holding period of %n day for orders received from now on</numerusform>
            <numerusform>holding period of %n days for orders received from now on</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n order(s) marked reminded</source>
        <translation>
            <numerusform>%n order marked reminded</numerusform>
            <numerusform>%n orders marked reminded</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n order(s) moved into %1</source>
        <translation>
            <numerusform>%n order moved into %1</numerusform>
            <numerusform>%n orders moved into %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Holding period: %n day(s)</source>
        <translation>
            <numerusform>Holding period: %n day</numerusform>
            <numerusform>Holding period: %n days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n overdue order(s)</source>
        <translation>
            <numerusform>%n overdue order</numerusform>
            <numerusform>%n overdue orders</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>holding period %n day(s)</source>
        <translation>
            <numerusform>holding period %n day</numerusform>
            <numerusform>holding period %n days</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PrinterPanel</name>
    <message numerus="yes">
        <source>%n printer(s) found.</source>
        <translation>
            <numerusform>%n printer found.</numerusform>
            <numerusform>%n printers found.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PrinterWorker</name>
    <message numerus="yes">
        <source>%n receipt(s) not printed</source>
        <translation>
            <numerusform>%n receipt not printed</numerusform>
            <numerusform>%n receipts not printed</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReceivingScreen</name>
    <message numerus="yes">
        <source>%n line(s) short</source>
        <translation>
            <numerusform>%n line short</numerusform>
            <numerusform>%n lines short</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n line(s) extra</source>
        <translation>
            <numerusform>%n line extra</numerusform>
            <numerusform>%n lines extra</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RecentPanel</name>
    <message numerus="yes">
        <source>%n exception(s)</source>
        <translation>
            <numerusform>%n exception</numerusform>
            <numerusform>%n exceptions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n item(s)</source>
        <translation>
            <numerusform>%n item</numerusform>
            <numerusform>%n items</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SalesMessages</name>
    <message numerus="yes">
        <source>Press Esc again to remove all %n item(s).</source>
        <translation>
            <numerusform>Press Esc again to remove the %n item.</numerusform>
            <numerusform>Press Esc again to remove all %n items.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SalesScreen</name>
    <message numerus="yes">
        <source>%n item(s)</source>
        <translation>
            <numerusform>%n item</numerusform>
            <numerusform>%n items</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SortingMessages</name>
    <message numerus="yes">
        <source>%n document(s) printing</source>
        <translation>
            <numerusform>%n document printing</numerusform>
            <numerusform>%n documents printing</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>StockDesk</name>
    <message numerus="yes">
        <source>%n item(s)</source>
        <translation>
            <numerusform>%n item</numerusform>
            <numerusform>%n items</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>paper: pickup label</name>
    <message numerus="yes">
        <source>%n item(s)</source>
        <translation>
            <numerusform>%n item</numerusform>
            <numerusform>%n items</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>paper: sorting sheet</name>
    <message numerus="yes">
        <source>%n unit(s)</source>
        <translation>
            <numerusform>%n unit</numerusform>
            <numerusform>%n units</numerusform>
        </translation>
    </message>
</context>
</TS>