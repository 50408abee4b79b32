<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>AttentionDialog</name>
    <message>
        <source>Needs attention</source>
        <translation>需处理事项</translation>
    </message>
    <message>
        <source>Items that need attention</source>
        <translation>需处理事项</translation>
    </message>
    <message>
        <source>Mark as settled…</source>
        <translation>标记为已处理…</translation>
    </message>
    <message>
        <source>Nothing needs attention. 👍</source>
        <translation>没有需处理的事项。👍</translation>
    </message>
    <message>
        <source>Cancelled after handover</source>
        <translation>发货后被取消</translation>
    </message>
    <message>
        <source>Refused by head office</source>
        <translation>总部拒收</translation>
    </message>
    <message>
        <source>Unreadable data from head office</source>
        <translation>总部数据无法读取</translation>
    </message>
    <message>
        <source>Record too large to send</source>
        <translation>记录过大无法上传</translation>
    </message>
    <message>
        <source>Check with head office</source>
        <translation>请与总部核实</translation>
    </message>
    <message>
        <source>Head office cancelled this order after the counter had handed it over. The handover stands. Call customer service with the order number: they refund or recover the goods. Then mark it settled with what they said.</source>
        <translation>总部在本柜台发货后取消了此订单。提货记录保持有效。请带订单号联系客服，由客服退款或追回货品，然后填写处理结果并标记为已处理。</translation>
    </message>
    <message>
        <source>Head office refused this record. Nothing was lost: it stays in the counter's history. Call customer service with the order number and the reason shown, then mark it settled.</source>
        <translation>总部拒收了这条记录。记录没有丢失，仍保存在柜台历史中。请带订单号和显示的原因联系客服，然后标记为已处理。</translation>
    </message>
    <message>
        <source>Head office sent something this counter cannot use; everything else was applied. Tell head office support, then mark it settled.</source>
        <translation>总部发来的部分数据本柜台无法使用，其余数据已正常更新。请告知总部技术支持，然后标记为已处理。</translation>
    </message>
    <message>
        <source>This record is too large to send. It is kept here; call support, who will collect it with a signed export.</source>
        <translation>这条记录过大，无法上传。记录保存在本机；请联系技术支持，用签名导出方式提交。</translation>
    </message>
    <message>
        <source>Check this with head office, then mark it settled.</source>
        <translation>请与总部核实，然后标记为已处理。</translation>
    </message>
    <message>
        <source>Settled</source>
        <translation>已处理</translation>
    </message>
    <message>
        <source>What was done about it?</source>
        <translation>做了什么处理？</translation>
    </message>
</context>
<context>
    <name>CameraSettingsDialog</name>
    <message>
        <source>Settings · camera</source>
        <translation>设置 · 摄像头</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <source>Automatic (first webcam)</source>
        <translation>自动（第一个摄像头）</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>or a video file / image folder (support)</source>
        <translation>或视频文件 / 图片文件夹（技术支持用）</translation>
    </message>
    <message>
        <source>Video file or image folder</source>
        <translation>视频文件或图片文件夹</translation>
    </message>
    <message>
        <source>Decoder</source>
        <translation>识别引擎</translation>
    </message>
    <message>
        <source>zxing-cpp (recommended)</source>
        <translation>zxing-cpp（推荐）</translation>
    </message>
    <message>
        <source>Press “Test camera” and hold a code in front of it.</source>
        <translation>点击“测试摄像头”，然后把二维码放到摄像头前。</translation>
    </message>
    <message>
        <source>Test camera</source>
        <translation>测试摄像头</translation>
    </message>
    <message>
        <source>No camera chosen.</source>
        <translation>未选择摄像头。</translation>
    </message>
    <message>
        <source>No camera found. Check the cable, or close other programs that use the camera.</source>
        <translation>未找到摄像头。请检查连接线，或关闭正在使用摄像头的其他程序。</translation>
    </message>
    <message>
        <source>Starting the camera…</source>
        <translation>正在启动摄像头…</translation>
    </message>
    <message>
        <source>Read: %1</source>
        <translation>已识别：%1</translation>
    </message>
    <message>
        <source>Camera works (%1 fps). Hold a code in front of it.</source>
        <translation>摄像头正常（%1 帧/秒）。请把二维码放到摄像头前。</translation>
    </message>
    <message>
        <source>The camera does not answer. Check the cable, or close other programs that use the camera.</source>
        <translation>摄像头无响应。请检查连接线，或关闭正在使用摄像头的其他程序。</translation>
    </message>
</context>
<context>
    <name>CameraView</name>
    <message>
        <source>Camera preview</source>
        <translation>摄像头画面</translation>
    </message>
    <message>
        <source>Camera starting…</source>
        <translation>摄像头启动中…</translation>
    </message>
    <message>
        <source>No camera · the scanner still works</source>
        <translation>未连接摄像头 · 扫码枪仍可使用</translation>
    </message>
    <message>
        <source>Camera lost · reconnecting…</source>
        <translation>摄像头已断开 · 正在重新连接…</translation>
    </message>
    <message>
        <source>Camera off</source>
        <translation>摄像头已关闭</translation>
    </message>
</context>
<context>
    <name>ChoiceList</name>
    <message>
        <source>Orders to choose from</source>
        <translation>可选订单</translation>
    </message>
    <message>
        <source>Phone ending %1</source>
        <translation>手机尾号 %1</translation>
    </message>
    <message numerus="yes">
        <source>%n item(s)</source>
        <translation>
            <numerusform>%n 件</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CounterStatusBar</name>
    <message>
        <source>Database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <source>Printer</source>
        <translation>打印机</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <source>not set up</source>
        <translation>未设置</translation>
    </message>
    <message>
        <source>offline mode</source>
        <translation>离线模式</translation>
    </message>
</context>
<context>
    <name>CounterWindow</name>
    <message>
        <source>Pickup counter · %1</source>
        <translation>自提点柜台 · %1</translation>
    </message>
    <message>
        <source>Scan the QR code, or type the 6-digit pickup code / last 4 phone digits</source>
        <translation>扫描提货二维码，或输入 6 位取件码 / 手机尾号 4 位</translation>
    </message>
    <message>
        <source>Scan or type a code</source>
        <translation>扫码或输入编码</translation>
    </message>
    <message>
        <source>Ready for the next resident.

Hold the order QR code up to the camera, scan it with the scanner, or type the pickup code and press Enter.</source>
        <translation>请接待下一位居民。

请居民把订单二维码对准摄像头，或用扫码枪扫描，或输入取件码后按回车。</translation>
    </message>
    <message>
        <source>Cashier: %1</source>
        <translation>当班：%1</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Settings file has errors</source>
        <translation>设置文件有错误</translation>
    </message>
    <message>
        <source>not enrolled</source>
        <translation>未注册</translation>
    </message>
    <message>
        <source>syncing…</source>
        <translation>同步中…</translation>
    </message>
    <message numerus="yes">
        <source>%n record(s) need attention</source>
        <translation>
            <numerusform>%n 条记录需处理</numerusform>
        </translation>
    </message>
    <message>
        <source>Head office refused or changed something. Press F8 to see what to do.</source>
        <translation>总部拒收或更改了部分记录。按 F8 查看处理方法。</translation>
    </message>
    <message>
        <source>error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>starting</source>
        <translation>启动中</translation>
    </message>
    <message>
        <source>%1 fps</source>
        <translation>%1 帧/秒</translation>
    </message>
    <message>
        <source>not found</source>
        <translation>未找到</translation>
    </message>
    <message>
        <source>lost, reconnecting</source>
        <translation>已断开，正在重连</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>DayCloseDialog</name>
    <message>
        <source>Day close</source>
        <translation>日结</translation>
    </message>
    <message>
        <source>Close %1 with head office: every handover, sale and movement of the day must be confirmed by head office.</source>
        <translation>与总部完成 %1 的日结：当天的每一笔提货、销售和库存流水都需总部确认。</translation>
    </message>
    <message>
        <source>Close the day</source>
        <translation>日结</translation>
    </message>
    <message>
        <source>Signed export for head office…</source>
        <translation>导出签名文件给总部…</translation>
    </message>
    <message>
        <source>Asking head office…</source>
        <translation>正在与总部核对…</translation>
    </message>
    <message>
        <source>Head office confirms every event of the day. The day report is printing.</source>
        <translation>总部已确认当天全部记录。日结报表正在打印。</translation>
    </message>
    <message>
        <source>Nothing happened at this counter today.</source>
        <translation>本柜台今天没有业务记录。</translation>
    </message>
    <message>
        <source>Head office's count differs: %1 event(s) missing there, %2 unknown here. Press F7 to sync, then try again; if it stays, call head office.</source>
        <translation>与总部核对不一致：总部缺少 %1 条，本地未知 %2 条。请按 F7 同步后重试；如仍不一致，请联系总部。</translation>
    </message>
    <message>
        <source>Not yet: some of today's records have not reached head office. Press F7 to sync, then close again. No internet today? Use the signed export.</source>
        <translation>暂不能日结：部分今日记录尚未上传总部。请按 F7 同步后再日结。今天无法联网？请使用签名导出。</translation>
    </message>
    <message>
        <source>Head office cannot be reached (%1). Try again later, or use the signed export.</source>
        <translation>无法连接总部（%1）。请稍后重试，或使用签名导出。</translation>
    </message>
    <message>
        <source>Signed export</source>
        <translation>签名导出</translation>
    </message>
    <message>
        <source>Saved %1. Give it to head office.</source>
        <translation>已保存 %1。请交给总部。</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message numerus="yes">
        <source>%n orders end in %1</source>
        <translation>
            <numerusform>尾号 %1 有 %n 个订单</numerusform>
        </translation>
    </message>
    <message>
        <source>Ask the resident's name, pick the order with ↑ ↓ and press Enter.</source>
        <translation>请核对居民姓名，用 ↑ ↓ 选择订单后按回车。</translation>
    </message>
    <message>
        <source>No order with this code</source>
        <translation>查无此订单</translation>
    </message>
    <message>
        <source>Nothing matches %1. Check the code with the resident, or ask for the last 4 digits of their phone.</source>
        <translation>没有与 %1 匹配的订单。请与居民核对编码，或询问手机尾号后 4 位。</translation>
    </message>
    <message>
        <source>Forged QR code</source>
        <translation>伪造的二维码</translation>
    </message>
    <message>
        <source>Head office did not issue this code. Hand over nothing on it: ask for the 6-digit pickup code and check the order in the resident's app.</source>
        <translation>此二维码不是总部签发的。请勿凭此码发货：请询问 6 位取件码，并在居民的 App 中核对订单。</translation>
    </message>
    <message>
        <source>Altered QR code</source>
        <translation>二维码已被篡改</translation>
    </message>
    <message>
        <source>This code for order %1 was changed after head office issued it. Hand over nothing on it: ask for the 6-digit pickup code.</source>
        <translation>订单 %1 的二维码在签发后被修改过。请勿凭此码发货：请询问 6 位取件码。</translation>
    </message>
    <message>
        <source>QR code expired</source>
        <translation>二维码已过期</translation>
    </message>
    <message>
        <source>Ask the resident to refresh the code in the app, or use the 6-digit code.</source>
        <translation>请居民在 App 中刷新二维码，或使用 6 位取件码。</translation>
    </message>
    <message>
        <source>QR code signed with an unknown key</source>
        <translation>二维码签名密钥未知</translation>
    </message>
    <message>
        <source>This counter has not received head office's newest keys: sync, or type the 6-digit code.</source>
        <translation>本柜台尚未收到总部的最新密钥：请同步，或输入 6 位取件码。</translation>
    </message>
    <message>
        <source>QR code from a newer app version</source>
        <translation>新版本 App 的二维码</translation>
    </message>
    <message>
        <source>This counter cannot read this kind of code yet: update the station app, or type the 6-digit code.</source>
        <translation>本柜台暂不支持此类二维码：请更新柜台程序，或输入 6 位取件码。</translation>
    </message>
    <message>
        <source>Damaged QR code</source>
        <translation>二维码不完整</translation>
    </message>
    <message>
        <source>The code was not read completely or was changed. Scan it again, or type the 6-digit code.</source>
        <translation>二维码未能完整识别或已被改动。请重新扫描，或输入 6 位取件码。</translation>
    </message>
    <message>
        <source>This is not a pickup code</source>
        <translation>这不是取件码</translation>
    </message>
    <message>
        <source>The scan was far too long to be an order code. Scan the QR code in the resident's app again.</source>
        <translation>扫描内容过长，不是订单编码。请重新扫描居民手机上的提货二维码。</translation>
    </message>
    <message>
        <source>The scan could not be read</source>
        <translation>无法识别扫描内容</translation>
    </message>
    <message>
        <source>Scan again, or type the 6-digit pickup code.</source>
        <translation>请重新扫描，或输入 6 位取件码。</translation>
    </message>
    <message>
        <source>Not a pickup code</source>
        <translation>不是取件码</translation>
    </message>
    <message>
        <source>“%1” is not a pickup code, phone tail or order number. Scan the QR code in the resident's app, or type the 6-digit code.</source>
        <translation>“%1”不是取件码、手机尾号或订单号。请扫描居民手机上的提货二维码，或输入 6 位取件码。</translation>
    </message>
    <message>
        <source>no slot</source>
        <translation>未上架</translation>
    </message>
    <message>
        <source>Ready for pickup · slot %1</source>
        <translation>可以提货 · 货架位 %1</translation>
    </message>
    <message>
        <source>Fetch the goods, check them with the resident, then press Enter to hand over.</source>
        <translation>取货并与居民当面核对，然后按回车确认提货。</translation>
    </message>
    <message>
        <source>Overdue since %1</source>
        <translation>已超期（%1 到期）</translation>
    </message>
    <message>
        <source>Slot %1. Hand it over now and remind the resident of the holding period.</source>
        <translation>货架位 %1。可以提货，请提醒居民注意保管期限。</translation>
    </message>
    <message>
        <source>Already picked up</source>
        <translation>已提货，请勿重复发放</translation>
    </message>
    <message>
        <source>Handed over %1 by %2. Do not hand it over again; ask the resident for their receipt.</source>
        <translation>%1 由 %2 发放。请勿再次发放，可请居民出示提货小票。</translation>
    </message>
    <message>
        <source>Order cancelled</source>
        <translation>订单已取消</translation>
    </message>
    <message>
        <source>Head office cancelled this order. Do not hand it over; the resident can contact customer service.</source>
        <translation>总部已取消此订单。请勿发放，居民可联系客服。</translation>
    </message>
    <message>
        <source>Sent back to head office</source>
        <translation>已退回总部</translation>
    </message>
    <message>
        <source>The goods were returned after the holding period. The resident can contact customer service.</source>
        <translation>超过保管期限，货品已退回总部。居民可联系客服。</translation>
    </message>
    <message>
        <source>Goods not arrived yet</source>
        <translation>货品尚未到站</translation>
    </message>
    <message>
        <source>This order has not been received at the station. Ask the resident to come back after the next delivery.</source>
        <translation>本站尚未收到此订单的货品。请居民在下次到货后再来。</translation>
    </message>
    <message>
        <source>Another station's order</source>
        <translation>非本站订单</translation>
    </message>
    <message>
        <source>This order belongs to station %1. Ask the resident to collect it there.</source>
        <translation>此订单属于 %1 站点，请居民前往该站点提货。</translation>
    </message>
    <message numerus="yes">
        <source>Handed over with %n exception(s)</source>
        <translation>
            <numerusform>已提货，有 %n 项异常</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 · receipt %2 is printing. Missing, damaged and refused lines are recorded for after-sales.</source>
        <translation>%1 · 小票 %2 正在打印。缺货、破损、拒收已记录，转售后处理。</translation>
    </message>
    <message numerus="yes">
        <source>Handed over · %n item(s)</source>
        <translation>
            <numerusform>提货成功 · %n 件</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 · receipt %2 is printing. Ready for the next resident.</source>
        <translation>%1 · 小票 %2 正在打印。请接待下一位。</translation>
    </message>
    <message>
        <source>This order cannot be handed over</source>
        <translation>此订单不能发放</translation>
    </message>
    <message>
        <source>Scan the order again.</source>
        <translation>请重新扫描订单。</translation>
    </message>
    <message>
        <source>Not saved: the disk is full</source>
        <translation>未保存：磁盘已满</translation>
    </message>
    <message>
        <source>Nothing was recorded for this order. Free disk space or call support, then confirm again.</source>
        <translation>此订单未做任何记录。请清理磁盘空间或联系技术支持，然后重新确认。</translation>
    </message>
    <message>
        <source>Not saved: database error</source>
        <translation>未保存：数据库错误</translation>
    </message>
    <message>
        <source>Nothing was recorded for this order. Try again; if it repeats, restart the app or call support.</source>
        <translation>此订单未做任何记录。请重试；如仍出错，请重启程序或联系技术支持。</translation>
    </message>
    <message>
        <source>Something went wrong</source>
        <translation>出现问题</translation>
    </message>
    <message>
        <source>Nothing was recorded. Try again; if it repeats, call support.</source>
        <translation>未做任何记录。请重试；如仍出错，请联系技术支持。</translation>
    </message>
    <message>
        <source>the printer is off or not connected</source>
        <translation>打印机未开机或未连接</translation>
    </message>
    <message>
        <source>the printer was not found</source>
        <translation>找不到打印机</translation>
    </message>
    <message>
        <source>the printer may not be used by this account</source>
        <translation>当前账户无权使用打印机</translation>
    </message>
    <message>
        <source>the printer is out of paper</source>
        <translation>打印机缺纸</translation>
    </message>
    <message>
        <source>this printer connection is not available here</source>
        <translation>本机不支持此打印机连接方式</translation>
    </message>
    <message>
        <source>the printer did not answer</source>
        <translation>打印机无响应</translation>
    </message>
    <message>
        <source>Receipt not printed: %1</source>
        <translation>小票未打印：%1</translation>
    </message>
    <message>
        <source>The handover of %1 is saved. Fix the printer, then press F6 to print again.</source>
        <translation>%1 的提货已保存。请检查打印机，然后按 F6 重新打印。</translation>
    </message>
    <message>
        <source>Taken</source>
        <translation>已提</translation>
    </message>
    <message>
        <source>Missing</source>
        <translation>缺货</translation>
    </message>
    <message>
        <source>Damaged</source>
        <translation>破损</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>拒收</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>待提货</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>已超期</translation>
    </message>
    <message>
        <source>Picked up</source>
        <translation>已提货</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>已退回</translation>
    </message>
    <message>
        <source>Not arrived</source>
        <translation>未到货</translation>
    </message>
    <message>
        <source>Other station</source>
        <translation>非本站</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>未知</translation>
    </message>
</context>
<context>
    <name>OrderCard</name>
    <message>
        <source>Slot</source>
        <translation>货架位</translation>
    </message>
    <message>
        <source>Shelf slot</source>
        <translation>货架位</translation>
    </message>
    <message>
        <source>#</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Qty</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Order lines</source>
        <translation>订单明细</translation>
    </message>
    <message>
        <source>Code %1</source>
        <translation>取件码 %1</translation>
    </message>
    <message numerus="yes">
        <source>%n item(s)</source>
        <translation>
            <numerusform>%n 件</numerusform>
        </translation>
    </message>
    <message>
        <source>Enter: hand over · ↑ ↓: choose a line · Space: taken / missing / damaged / refused · Esc: cancel</source>
        <translation>回车：确认提货 · ↑ ↓：选择明细 · 空格：已提 / 缺货 / 破损 / 拒收 · Esc：取消</translation>
    </message>
    <message>
        <source>Esc: clear · scan the next code</source>
        <translation>Esc：清除 · 扫描下一个</translation>
    </message>
</context>
<context>
    <name>PrinterWorker</name>
    <message>
        <source>virtual</source>
        <translation>虚拟打印机</translation>
    </message>
    <message numerus="yes">
        <source>%n receipt(s) not printed</source>
        <translation>
            <numerusform>%n 张小票未打印</numerusform>
        </translation>
    </message>
    <message>
        <source>error: %1</source>
        <translation>错误：%1</translation>
    </message>
</context>
<context>
    <name>RecentPanel</name>
    <message>
        <source>Recent handovers</source>
        <translation>最近提货</translation>
    </message>
    <message>
        <source>F5 reprint last receipt · F6 print failed receipts again · F9 camera</source>
        <translation>F5 重打上一张小票 · F6 重打失败小票 · F9 摄像头设置</translation>
    </message>
    <message>
        <source>printed</source>
        <translation>已打印</translation>
    </message>
    <message>
        <source>printing…</source>
        <translation>打印中…</translation>
    </message>
    <message>
        <source>NOT PRINTED</source>
        <translation>未打印</translation>
    </message>
    <message numerus="yes">
        <source>%n exception(s)</source>
        <translation>
            <numerusform>%n 项异常</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n item(s)</source>
        <translation>
            <numerusform>%n 件</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <source>The counter cannot start</source>
        <translation>柜台程序无法启动</translation>
    </message>
</context>
<context>
    <name>SyncWorker</name>
    <message>
        <source>not enrolled</source>
        <translation>未注册</translation>
    </message>
    <message>
        <source>%1 waiting, oldest %2</source>
        <translation>待上传 %1 条，最早 %2 前</translation>
    </message>
    <message>
        <source>%1 need attention</source>
        <translation>%1 条需处理</translation>
    </message>
    <message>
        <source>online, last %1</source>
        <translation>在线，上次 %1</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 分钟</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1 小时</translation>
    </message>
    <message>
        <source>Day report</source>
        <translation>日结报表</translation>
    </message>
    <message>
        <source>Events of %1</source>
        <translation>%1 的记录</translation>
    </message>
    <message>
        <source>Head office</source>
        <translation>总部核对</translation>
    </message>
    <message>
        <source>Sequence</source>
        <translation>流水号</translation>
    </message>
    <message>
        <source>Confirmed</source>
        <translation>总部确认</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>Head office holds every event of this day.</source>
        <translation>总部已收到本日全部记录。</translation>
    </message>
</context>
</TS>