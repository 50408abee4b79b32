<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
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
    <name>CounterWindow</name>
    <message numerus="yes">
        <source>%n record(s) need attention</source>
        <translation>
            <numerusform>%n record needs attention</numerusform>
            <numerusform>%n records need attention</numerusform>
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
        <source>%n item(s)</source>
        <translation>
            <numerusform>%n item</numerusform>
            <numerusform>%n items</numerusform>
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
</TS>
