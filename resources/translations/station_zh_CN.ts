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
        <source>Records head office refused or changed; ↑ ↓ choose</source>
        <translation>总部拒收或更改的记录；↑ ↓ 选择</translation>
    </message>
    <message>
        <source>Mark as settled…</source>
        <translation>标记为已处理…</translation>
    </message>
    <message>
        <source>Could not settle or read the list: %1</source>
        <translation>未能读取列表或标记为已处理：%1</translation>
    </message>
    <message>
        <source>Nothing needs attention.</source>
        <translation>没有需处理的事项。</translation>
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
        <source>Recovered from head office</source>
        <translation>已从总部恢复</translation>
    </message>
    <message>
        <source>Found while recovering</source>
        <translation>恢复时发现</translation>
    </message>
    <message>
        <source>Handed over at two counters</source>
        <translation>在两个柜台都交付了</translation>
    </message>
    <message>
        <source>Found in another counter's records</source>
        <translation>来自其他柜台的记录有问题</translation>
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
        <source>This counter took back from head office the records it had lost (a backup was restored, or this is a new PC for the station). Records that never reached head office are named here: check them on paper and redo what is missing, then mark it settled.</source>
        <translation>本柜台已从总部取回丢失的记录（恢复了备份，或这是本站点的新电脑）。从未到达总部的记录列在这里：请对照纸质单据核对，补做缺少的操作，然后标记为已处理。</translation>
    </message>
    <message>
        <source>Something recovered from head office collides with what this counter did after its backup (the same order handed over twice, a number used twice). Both records are kept. Check the goods or receipts with the station manager, then mark it settled.</source>
        <translation>从总部恢复的记录与本柜台在备份之后的操作冲突（同一订单提货两次，或同一单号用了两次）。两条记录都已保留。请与站长核对货品或小票，然后标记为已处理。</translation>
    </message>
    <message>
        <source>The same order was handed over at two counters while they could not reach each other. Both handovers are kept; the second is the double. Check with the staff of both counters who received the goods (the receipts name them), call the resident if needed, then mark it settled with what was found.</source>
        <translation>两个柜台断开连接期间，同一订单在两个柜台都做了交付。两条交付记录都保留，后一条是重复交付。请向两个柜台的店员核实是谁拿走了货（小票上有记录），必要时联系居民，然后填写处理结果并标记为已处理。</translation>
    </message>
    <message>
        <source>A record from another counter of the station could not be applied here in full; it is kept. Tell support, then mark it settled.</source>
        <translation>本站另一个柜台的一条记录无法在这里完整应用，已保留。请告知技术支持，然后标记为已处理。</translation>
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
    <name>AuditDialog</name>
    <message>
        <source>Audit log</source>
        <translation>审计日志</translation>
    </message>
    <message>
        <source>Everyone</source>
        <translation>全部人员</translation>
    </message>
    <message>
        <source>All actions</source>
        <translation>全部操作</translation>
    </message>
    <message>
        <source>Show (Enter)</source>
        <translation>查询 (回车)</translation>
    </message>
    <message>
        <source>Export CSV… (Ctrl+E)</source>
        <translation>导出 CSV… (Ctrl+E)</translation>
    </message>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>To</source>
        <translation>至</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>人员</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>One row per recorded action, newest first</source>
        <translation>每行一条操作记录，最新的在前</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Approved by</source>
        <translation>批准人</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>%1 entries</source>
        <translation>共 %1 条</translation>
    </message>
    <message>
        <source>The audit log could not be read: %1</source>
        <translation>无法读取审计日志：%1</translation>
    </message>
    <message>
        <source>Export the audit log</source>
        <translation>导出审计日志</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>%1 entries exported to %2</source>
        <translation>已导出 %1 条到 %2</translation>
    </message>
</context>
<context>
    <name>BackOffice</name>
    <message>
        <source>change the settings</source>
        <translation>修改设置</translation>
    </message>
    <message>
        <source>viewing the audit log</source>
        <translation>查看审计日志</translation>
    </message>
    <message>
        <source>manage staff</source>
        <translation>管理员工账号</translation>
    </message>
</context>
<context>
    <name>BannerView</name>
    <message>
        <source>Status banner</source>
        <translation>状态横幅</translation>
    </message>
</context>
<context>
    <name>CameraPage</name>
    <message>
        <source>Camera</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <source>The webcam reads the residents' QR codes. Press Ctrl+T and hold a code in front of it. No camera? Press Skip.</source>
        <translation>摄像头用来读取居民手机上的二维码。按 Ctrl+T，把一个码放到摄像头前。没有摄像头？按“跳过”。</translation>
    </message>
    <message>
        <source>Camera: %1</source>
        <translation>摄像头：%1</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
</context>
<context>
    <name>CameraPanel</name>
    <message>
        <source>Camera</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <source>Automatic (first webcam)</source>
        <translation>自动（第一个摄像头）</translation>
    </message>
    <message>
        <source>Demo virtual camera</source>
        <translation>演示用虚拟摄像头</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>In use now: %1</source>
        <translation>当前使用：%1</translation>
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
        <source>Ctrl+T  Test camera</source>
        <translation>Ctrl+T  测试摄像头</translation>
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
    <name>CameraSettingsDialog</name>
    <message>
        <source>Settings · camera</source>
        <translation>设置 · 摄像头</translation>
    </message>
</context>
<context>
    <name>CameraStation</name>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>in use by another program</source>
        <translation>被其他程序占用</translation>
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
    <message>
        <source>change the camera</source>
        <translation>更改摄像头设置</translation>
    </message>
</context>
<context>
    <name>CameraView</name>
    <message>
        <source>Camera preview</source>
        <translation>摄像头画面</translation>
    </message>
    <message>
        <source>No camera found: plug in the webcam or check its cable · the scanner and typing still work</source>
        <translation>未找到摄像头：请插上摄像头或检查连接线 · 扫码枪和手动输入仍可使用</translation>
    </message>
    <message>
        <source>Camera lost: check its cable · reconnecting… · the scanner still works</source>
        <translation>摄像头断开：请检查连接线 · 正在重新连接… · 扫码枪仍可使用</translation>
    </message>
    <message>
        <source>Camera starting…</source>
        <translation>摄像头启动中…</translation>
    </message>
    <message>
        <source>The camera is in use by another program or unplugged: close the other program or re-plug it; you can keep scanning with the scanner/typing</source>
        <translation>摄像头被其他程序占用或已拔出：请关闭其他程序或重新插好摄像头；扫码枪和手动输入照常可用</translation>
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
    <name>CountDesk</name>
    <message>
        <source>Start a count (Ctrl+N)</source>
        <translation>开始盘点 (Ctrl+N)</translation>
    </message>
    <message>
        <source>Variance sheet and approval (Ctrl+Enter)</source>
        <translation>差异表与审批 (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>List uncounted items (Ctrl+U)</source>
        <translation>列出未盘商品 (Ctrl+U)</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <source>Book</source>
        <translation>账面</translation>
    </message>
    <message>
        <source>Counted</source>
        <translation>实盘</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>差异</translation>
    </message>
    <message>
        <source>Counted items</source>
        <translation>已盘商品</translation>
    </message>
    <message>
        <source>Variance sheet</source>
        <translation>差异表</translation>
    </message>
    <message>
        <source>Stock count</source>
        <translation>盘点</translation>
    </message>
    <message>
        <source>One row per item: book quantity, counted and the difference</source>
        <translation>每行一件商品：账面数、实盘数和差异</translation>
    </message>
    <message>
        <source>Scan an item (+1), or type a count for the selected line and press Enter</source>
        <translation>扫描商品（+1），或为选中行输入数量后按 Enter</translation>
    </message>
    <message>
        <source>No count is open</source>
        <translation>没有进行中的盘点</translation>
    </message>
    <message>
        <source>Press Ctrl+N to start a stock count, then scan the items.</source>
        <translation>按 Ctrl+N 开始盘点，然后扫描商品。</translation>
    </message>
    <message>
        <source>Select a line first</source>
        <translation>请先选择一行</translation>
    </message>
    <message>
        <source>Scan the item (or pick its line with ↑ ↓), then type how many are on the shelf.</source>
        <translation>扫描商品（或用 ↑ ↓ 选择该行），然后输入货架上的数量。</translation>
    </message>
    <message>
        <source>The count stays open</source>
        <translation>盘点仍在进行</translation>
    </message>
    <message>
        <source>Everything counted is saved. Come back to this desk to go on counting, or press Ctrl+Enter to approve it.</source>
        <translation>已盘数量均已保存。回到本页面可继续盘点，或按 Ctrl+Enter 审批。</translation>
    </message>
    <message>
        <source>Count %1 started</source>
        <translation>盘点 %1 已开始</translation>
    </message>
    <message>
        <source>Scan every item on the shelves. A scan counts one; type a number and Enter to set the selected line.</source>
        <translation>扫描货架上的每件商品。扫一次计 1 件；输入数字后按 Enter 可设定选中行的数量。</translation>
    </message>
    <message>
        <source>No count open · Ctrl+N starts one</source>
        <translation>无进行中的盘点 · 按 Ctrl+N 开始</translation>
    </message>
    <message numerus="yes">
        <source>Count %1 · %n line(s)</source>
        <translation>
            <numerusform>盘点 %1 · %n 行</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: %2 counted</source>
        <translation>%1：实盘 %2</translation>
    </message>
    <message>
        <source>Book %1, difference %2</source>
        <translation>账面 %1，差异 %2</translation>
    </message>
    <message>
        <source>Variance sheet %1</source>
        <translation>差异表 %1</translation>
    </message>
    <message>
        <source>%1 item(s) counted, %2 with a difference, value %3</source>
        <translation>已盘 %1 种商品，%2 种有差异，金额 %3</translation>
    </message>
    <message>
        <source>Not counted (not adjusted):</source>
        <translation>未盘（不调整）：</translation>
    </message>
    <message>
        <source>book %1</source>
        <translation>账面 %1</translation>
    </message>
    <message>
        <source>stock count %1: %2 difference(s), value %3</source>
        <translation>盘点 %1：%2 项差异，金额 %3</translation>
    </message>
    <message>
        <source>Not approved</source>
        <translation>未审批</translation>
    </message>
    <message>
        <source>The count stays open. Count again where the sheet looks wrong, then press Ctrl+Enter.</source>
        <translation>盘点仍在进行。差异表有误的商品请重新盘点，然后按 Ctrl+Enter。</translation>
    </message>
    <message>
        <source>Count %1 approved</source>
        <translation>盘点 %1 已审批</translation>
    </message>
    <message numerus="yes">
        <source>%n adjustment(s) posted to the stock book; the variance sheet is printing.</source>
        <translation>
            <numerusform>已将 %n 笔调整记入库存账；差异表正在打印。</numerusform>
        </translation>
    </message>
    <message>
        <source>Only a station manager can approve a count</source>
        <translation>只有站长可以审批盘点</translation>
    </message>
    <message>
        <source>A count is already open</source>
        <translation>已有进行中的盘点</translation>
    </message>
    <message>
        <source>Finish count %1 first: go on scanning, or approve it with Ctrl+Enter.</source>
        <translation>请先完成盘点 %1：继续扫描，或按 Ctrl+Enter 审批。</translation>
    </message>
    <message>
        <source>No item with this code</source>
        <translation>没有此编码的商品</translation>
    </message>
    <message>
        <source>%1 is not in the catalogue. Count the item by hand and tell head office; nothing was counted.</source>
        <translation>%1 不在商品目录中，本次未计数。请手工清点该商品并告知总部。</translation>
    </message>
    <message>
        <source>Count not possible: %1</source>
        <translation>数量无效：%1</translation>
    </message>
    <message>
        <source>A count is a whole number from 0 to %1. Type it again.</source>
        <translation>数量须为 0 到 %1 的整数，请重新输入。</translation>
    </message>
    <message>
        <source>Nothing counted yet</source>
        <translation>尚未盘点任何商品</translation>
    </message>
    <message>
        <source>Scan the items on the shelves before asking for approval.</source>
        <translation>请先扫描货架上的商品，再申请审批。</translation>
    </message>
    <message>
        <source>This count is closed</source>
        <translation>此盘点已结束</translation>
    </message>
    <message>
        <source>It was approved or cancelled already. Press Ctrl+N to start a new count.</source>
        <translation>该盘点已审批或已取消。按 Ctrl+N 开始新的盘点。</translation>
    </message>
    <message>
        <source>Unknown item</source>
        <translation>未知商品</translation>
    </message>
    <message>
        <source>%1 is not in the catalogue.</source>
        <translation>%1 不在商品目录中。</translation>
    </message>
</context>
<context>
    <name>CounterReturnPage</name>
    <message>
        <source>Item</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <source>Taken</source>
        <translation>已提</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>已退</translation>
    </message>
    <message>
        <source>Can return</source>
        <translation>可退</translation>
    </message>
    <message>
        <source>Order lines</source>
        <translation>订单明细</translation>
    </message>
    <message>
        <source>One row per item of the order; ↑ ↓ choose</source>
        <translation>每行一件订单商品；↑ ↓ 选择</translation>
    </message>
    <message>
        <source>Quantity returned</source>
        <translation>退货数量</translation>
    </message>
    <message>
        <source>Quality problem</source>
        <translation>质量问题</translation>
    </message>
    <message>
        <source>Damaged packaging</source>
        <translation>包装破损</translation>
    </message>
    <message>
        <source>Not fresh</source>
        <translation>不新鲜</translation>
    </message>
    <message>
        <source>Wrong item</source>
        <translation>发错货</translation>
    </message>
    <message>
        <source>Changed mind</source>
        <translation>不想要了</translation>
    </message>
    <message>
        <source>Reason for the return</source>
        <translation>退货原因</translation>
    </message>
    <message>
        <source>Reason (Ctrl+R)</source>
        <translation>原因 (Ctrl+R)</translation>
    </message>
    <message>
        <source>No photo (Ctrl+P)</source>
        <translation>无照片 (Ctrl+P)</translation>
    </message>
    <message>
        <source>Register return (Ctrl+Enter)</source>
        <translation>登记退货 (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Quantity (type it + Enter)</source>
        <translation>数量（输入后按 Enter）</translation>
    </message>
    <message>
        <source>Refund requests</source>
        <translation>退款申请</translation>
    </message>
    <message>
        <source>The order's refund requests and head office's answers</source>
        <translation>该订单的退款申请及总部答复</translation>
    </message>
    <message>
        <source>Order history</source>
        <translation>订单记录</translation>
    </message>
    <message>
        <source>What happened to the order, oldest first</source>
        <translation>订单经过，最早的在前</translation>
    </message>
    <message>
        <source>Photo: %1</source>
        <translation>照片：%1</translation>
    </message>
    <message>
        <source>Scan the order of the goods coming back</source>
        <translation>请扫描退回商品所属的订单</translation>
    </message>
    <message>
        <source>%1 · %2 · handed over %3</source>
        <translation>%1 · %2 · %3 提货</translation>
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
        <source>Counters</source>
        <translation>柜台</translation>
    </message>
    <message>
        <source>Clock</source>
        <translation>时钟</translation>
    </message>
    <message>
        <source>not set up</source>
        <translation>未设置</translation>
    </message>
    <message>
        <source>offline mode</source>
        <translation>离线模式</translation>
    </message>
    <message>
        <source>PC time zone %1, station %2</source>
        <translation>电脑时区 %1，站点 %2</translation>
    </message>
    <message>
        <source>Screens, receipts, numbers and reports use the station's time (China, %1). Set the PC's time zone to China (UTC+8) so its own clock agrees.</source>
        <translation>屏幕、小票、单号和报表都使用站点时间（中国，%1）。请把电脑时区设为中国（UTC+8），让电脑自己的时钟一致。</translation>
    </message>
    <message numerus="yes">
        <source>PC clock %n min behind head office</source>
        <translation>
            <numerusform>电脑时钟比总部慢 %n 分钟</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>PC clock %n min ahead of head office</source>
        <translation>
            <numerusform>电脑时钟比总部快 %n 分钟</numerusform>
        </translation>
    </message>
    <message>
        <source>Receipts, reports and residents' QR expiry use this PC's clock: set its time right (or turn on network time).</source>
        <translation>小票、报表和居民取货码的有效期都按本机时钟计算：请把电脑时间校准（或打开网络自动对时）。</translation>
    </message>
</context>
<context>
    <name>CounterWindow</name>
    <message>
        <source>Pickup counter · %1</source>
        <translation>自提点柜台 · %1</translation>
    </message>
    <message>
        <source>Scan or type a code</source>
        <translation>扫码或输入编码</translation>
    </message>
    <message>
        <source>Cashier: %1</source>
        <translation>当班：%1</translation>
    </message>
    <message>
        <source>F2  Settings</source>
        <translation>F2  设置</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Switch cashier</source>
        <translation>切换收银员</translation>
    </message>
    <message>
        <source>Lock the counter</source>
        <translation>锁定柜台</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>审计日志</translation>
    </message>
    <message>
        <source>Staff accounts</source>
        <translation>员工账号</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>Clear: drop what is half done</source>
        <translation>清除：放弃未完成的操作</translation>
    </message>
    <message>
        <source>This list of keys</source>
        <translation>本按键列表</translation>
    </message>
    <message>
        <source>Reprint the last receipt</source>
        <translation>重打上一张小票</translation>
    </message>
    <message>
        <source>Print again the receipts the printer failed</source>
        <translation>重新打印打印失败的小票</translation>
    </message>
    <message>
        <source>Camera settings</source>
        <translation>摄像头设置</translation>
    </message>
    <message>
        <source>Sync with head office now</source>
        <translation>立即与总部同步</translation>
    </message>
    <message>
        <source>Records that need attention</source>
        <translation>需要处理的记录</translation>
    </message>
    <message>
        <source>Day close</source>
        <translation>日结</translation>
    </message>
    <message>
        <source>Settings (manager)</source>
        <translation>设置（店长）</translation>
    </message>
    <message>
        <source>Health: database, backups, disk, printer, camera</source>
        <translation>健康状况：数据库、备份、磁盘、打印机、摄像头</translation>
    </message>
    <message>
        <source>Settings file has errors</source>
        <translation>设置文件有错误</translation>
    </message>
    <message>
        <source>error</source>
        <translation>错误</translation>
    </message>
</context>
<context>
    <name>CountersLink</name>
    <message>
        <source>counter %1 not reached</source>
        <translation>%1 号柜台联系不上</translation>
    </message>
    <message numerus="yes">
        <source>%n record(s) coming</source>
        <translation>
            <numerusform>%n 条记录同步中</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n other(s), up to date</source>
        <translation>
            <numerusform>其他 %n 个柜台，已同步</numerusform>
        </translation>
    </message>
    <message>
        <source>Counter %1: not reached yet</source>
        <translation>%1 号柜台：还没联系上</translation>
    </message>
    <message>
        <source>Counter %1 (%2): %3, since %4</source>
        <translation>%1 号柜台（%2）：%3，从 %4 起</translation>
    </message>
    <message>
        <source>Counter %1 (%2): last exchange %3, %4 record(s) behind</source>
        <translation>%1 号柜台（%2）：上次同步 %3，还差 %4 条记录</translation>
    </message>
    <message>
        <source>not paired</source>
        <translation>未配对</translation>
    </message>
    <message>
        <source>This counter is not paired with the station's other counters</source>
        <translation>本柜台还没有和本站其他柜台配对</translation>
    </message>
    <message>
        <source>A manager types the pairing code from counter 1 in F2, Counters.</source>
        <translation>请店长在 F2 的“柜台”一栏输入 1 号柜台的配对码。</translation>
    </message>
    <message>
        <source>not started</source>
        <translation>未启动</translation>
    </message>
    <message>
        <source>The exchange with the other counters did not start</source>
        <translation>与其他柜台的同步没有启动</translation>
    </message>
    <message>
        <source>Check the Counters line in F2 (%1).</source>
        <translation>请检查 F2 里的柜台设置（%1）。</translation>
    </message>
</context>
<context>
    <name>CountersPanel</name>
    <message>
        <source>Counters of this station</source>
        <translation>本站的柜台</translation>
    </message>
    <message>
        <source>Counters of this station: this PC is counter %1</source>
        <translation>本站的柜台：这台电脑是 %1 号柜台</translation>
    </message>
    <message>
        <source>Counters on the LAN</source>
        <translation>局域网内的柜台</translation>
    </message>
    <message>
        <source>Pairing code</source>
        <translation>配对码</translation>
    </message>
    <message>
        <source>1=192.168.1.20:7441, 2=192.168.1.21:7441 (the same line on every counter)</source>
        <translation>1=192.168.1.20:7441, 2=192.168.1.21:7441（每个柜台填同样的一行）</translation>
    </message>
    <message>
        <source>none yet: make one, or type counter 1's</source>
        <translation>还没有：新建一个，或输入 1 号柜台的配对码</translation>
    </message>
    <message>
        <source>New code</source>
        <translation>新建配对码</translation>
    </message>
    <message>
        <source>Use typed code</source>
        <translation>使用输入的配对码</translation>
    </message>
    <message>
        <source>Counters line: %1</source>
        <translation>柜台设置：%1</translation>
    </message>
    <message>
        <source>New pairing code kept. Type it at every other counter of the station (F2, Counters), then restart them.</source>
        <translation>新配对码已保存。请在本站其他每个柜台（F2，柜台）输入它，然后重启那些柜台。</translation>
    </message>
    <message>
        <source>The pairing code has a typo: check it against counter 1's.</source>
        <translation>配对码输错了：请对照 1 号柜台的配对码检查。</translation>
    </message>
    <message>
        <source>Pairing code kept: the exchange with the other counters starts after Save.</source>
        <translation>配对码已保存：保存设置后开始与其他柜台同步。</translation>
    </message>
    <message>
        <source>Not kept: %1</source>
        <translation>没有保存：%1</translation>
    </message>
</context>
<context>
    <name>CustomerDisplay</name>
    <message>
        <source>Please check your goods</source>
        <translation>请核对商品</translation>
    </message>
    <message>
        <source>Picked up. Thank you!</source>
        <translation>取件成功，谢谢！</translation>
    </message>
    <message>
        <source>Picked up (some items not taken)</source>
        <translation>取件成功（部分商品未取）</translation>
    </message>
    <message>
        <source>Already picked up</source>
        <translation>已取件</translation>
    </message>
    <message>
        <source>Order cancelled</source>
        <translation>订单已取消</translation>
    </message>
    <message>
        <source>Not an order of this station</source>
        <translation>非本站订单</translation>
    </message>
    <message>
        <source>Please wait a moment</source>
        <translation>请稍候</translation>
    </message>
    <message>
        <source>Please ask the staff</source>
        <translation>请咨询工作人员</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <source>WeChat Pay</source>
        <translation>微信支付</translation>
    </message>
    <message>
        <source>Alipay</source>
        <translation>支付宝</translation>
    </message>
    <message>
        <source>Bank card</source>
        <translation>银行卡</translation>
    </message>
    <message>
        <source>Customer display</source>
        <translation>顾客显示屏</translation>
    </message>
    <message>
        <source>Please show your pickup code to the staff</source>
        <translation>请向工作人员出示取件码</translation>
    </message>
    <message>
        <source>Slot %1</source>
        <translation>货架位 %1</translation>
    </message>
    <message>
        <source>Items: %1</source>
        <translation>共 %1 件</translation>
    </message>
    <message>
        <source>Orders: %1</source>
        <translation>共 %1 个订单</translation>
    </message>
    <message>
        <source>Order %1</source>
        <translation>订单 %1</translation>
    </message>
    <message>
        <source>… and %1 more</source>
        <translation>……另有 %1 项</translation>
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
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Your purchase</source>
        <translation>您购买的商品</translation>
    </message>
    <message>
        <source>Total %1</source>
        <translation>合计 %1</translation>
    </message>
    <message>
        <source>Payment: %1</source>
        <translation>支付方式：%1</translation>
    </message>
    <message>
        <source>Cash given %1</source>
        <translation>实收 %1</translation>
    </message>
    <message>
        <source>Change %1</source>
        <translation>找零 %1</translation>
    </message>
    <message>
        <source>Scan to pay with %1</source>
        <translation>请使用%1扫码付款</translation>
    </message>
    <message>
        <source>The payment code cannot be shown. Please ask the staff.</source>
        <translation>收款码无法显示，请向工作人员咨询。</translation>
    </message>
    <message>
        <source>Payment received. Thank you!</source>
        <translation>支付成功，谢谢惠顾！</translation>
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
        <source>The day is still running: closing it now needs the station manager.</source>
        <translation>今天还没结束：现在日结需要站长批准。</translation>
    </message>
    <message>
        <source>close the day before it ends</source>
        <translation>提前日结</translation>
    </message>
    <message>
        <source>Not closed: the day goes on. %1</source>
        <translation>未日结，今天照常营业。%1</translation>
    </message>
    <message>
        <source>Asking head office…</source>
        <translation>正在与总部核对…</translation>
    </message>
    <message>
        <source>Head office confirms every event of the day. The day report is printing.</source>
        <translation>总部已确认当天全部记录。日结单正在打印。</translation>
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
    <name>DeskSwitch</name>
    <message>
        <source>Desks</source>
        <translation>工作台</translation>
    </message>
</context>
<context>
    <name>DiscrepancyList</name>
    <message>
        <source>Discrepancies</source>
        <translation>差异</translation>
    </message>
    <message>
        <source>One row per line that differs from the manifest: expected, received, damaged and the reason</source>
        <translation>每行一条与配送单不符的明细：应到、实收、破损及原因</translation>
    </message>
    <message>
        <source>%1 (%2): expected %3, received %4, damaged %5 · %6</source>
        <translation>%1（%2）：应到 %3，实收 %4，破损 %5 · %6</translation>
    </message>
</context>
<context>
    <name>DisplayPanel</name>
    <message>
        <source>Window language</source>
        <translation>界面语言</translation>
    </message>
    <message>
        <source>Receipt language</source>
        <translation>小票语言</translation>
    </message>
    <message>
        <source>Sound volume</source>
        <translation>提示音音量</translation>
    </message>
    <message>
        <source>Customer display</source>
        <translation>顾客显示屏</translation>
    </message>
    <message>
        <source>The counter window switches to the chosen language when saved.</source>
        <translation>保存后柜台窗口切换为所选语言。</translation>
    </message>
    <message>
        <source>Large type</source>
        <translation>大字体</translation>
    </message>
    <message>
        <source>High contrast</source>
        <translation>高对比度</translation>
    </message>
    <message>
        <source>Test sound</source>
        <translation>试听</translation>
    </message>
    <message>
        <source>Say slots and handovers aloud</source>
        <translation>语音播报货架位和取件结果</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>On the second screen</source>
        <translation>在第二块屏幕上</translation>
    </message>
    <message>
        <source>In a window (to try it on one screen)</source>
        <translation>在窗口中（单屏试用）</translation>
    </message>
</context>
<context>
    <name>DonePage</name>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>The counter is ready. Press Enter to open it; everything here can be changed later in Settings (F2).</source>
        <translation>柜台已就绪。按回车键打开；以上各项以后都可以在“设置”（F2）中修改。</translation>
    </message>
</context>
<context>
    <name>EnrolmentForm</name>
    <message>
        <source>Head office address</source>
        <translation>总部地址</translation>
    </message>
    <message>
        <source>Enrolment code</source>
        <translation>注册码</translation>
    </message>
    <message>
        <source>e.g. https://ho.example.cn — or scan head office's enrolment QR here</source>
        <translation>例如 https://ho.example.cn —— 或在此扫描总部的注册二维码</translation>
    </message>
    <message>
        <source>Ctrl+K  Scan the enrolment QR with the webcam</source>
        <translation>Ctrl+K  用摄像头扫描注册二维码</translation>
    </message>
    <message>
        <source>Scan the enrolment QR with the webcam</source>
        <translation>用摄像头扫描注册二维码</translation>
    </message>
    <message>
        <source>That is not head office's enrolment QR. Scan the QR on head office's enrolment sheet, or type the address and code.</source>
        <translation>这不是总部的注册二维码。请扫描总部注册单上的二维码，或输入地址和注册码。</translation>
    </message>
    <message>
        <source>This enrolment QR was made by a newer head office. Update this app, or type the address and code.</source>
        <translation>此注册二维码来自更新版本的总部系统。请更新本软件，或手动输入地址和注册码。</translation>
    </message>
    <message>
        <source>Type head office's address, e.g. https://ho.example.cn (ask head office).</source>
        <translation>请输入总部地址，例如 https://ho.example.cn（向总部询问）。</translation>
    </message>
    <message>
        <source>The enrolment code is three groups of four letters or digits, e.g. K7QM-3XHP-VN9D. Check it on the enrolment sheet.</source>
        <translation>注册码为三组、每组四个字母或数字，例如 K7QM-3XHP-VN9D。请核对注册单。</translation>
    </message>
    <message>
        <source>That address is plain http: anyone on the network could change orders and answers. Use head office's https address (ask head office).</source>
        <translation>该地址是明文 http：网络上任何人都能篡改订单和应答。请使用总部的 https 地址（向总部询问）。</translation>
    </message>
    <message>
        <source>Asking head office…</source>
        <translation>正在联系总部…</translation>
    </message>
    <message>
        <source>Enrolled as station %1.</source>
        <translation>已注册为站点 %1。</translation>
    </message>
    <message>
        <source>Nothing was saved on this counter.</source>
        <translation>本柜台未保存任何内容。</translation>
    </message>
    <message>
        <source>Enrolment failed: %1</source>
        <translation>注册失败：%1</translation>
    </message>
    <message>
        <source>This code was already used. Ask head office for a new one.</source>
        <translation>此注册码已被使用。请向总部索取新的注册码。</translation>
    </message>
    <message>
        <source>This code is for another station. This counter keeps its own station's orders and stock: ask head office for a code for this station.</source>
        <translation>此注册码属于另一个站点。本柜台只保存本站点的订单和库存：请向总部索取本站点的注册码。</translation>
    </message>
    <message>
        <source>Head office does not know this code: it is mistyped or has expired. Check it, or ask head office for a new one.</source>
        <translation>总部不认识此注册码：可能输错或已过期。请核对，或向总部索取新的注册码。</translation>
    </message>
    <message>
        <source>Head office cannot be reached at this address. Check the address and this PC's network, then try again.</source>
        <translation>无法通过此地址连接总部。请检查地址和本机网络，然后重试。</translation>
    </message>
    <message>
        <source>Head office's security certificate could not be checked (TLS). Check the address, this PC's date and time, or ask head office for its certificate.</source>
        <translation>无法验证总部的安全证书（TLS）。请检查地址、本机日期和时间，或向总部索取证书。</translation>
    </message>
    <message>
        <source>The answer did not come from a head office this app knows. Check the address (or update the app).</source>
        <translation>回应不是来自本软件认识的总部系统。请检查地址（或更新软件）。</translation>
    </message>
    <message>
        <source>Head office has a problem right now. Try again in a few minutes.</source>
        <translation>总部系统暂时出现问题。请几分钟后重试。</translation>
    </message>
    <message>
        <source>Head office is busy. Try again in a minute.</source>
        <translation>总部系统繁忙。请一分钟后重试。</translation>
    </message>
    <message>
        <source>Head office refused the enrolment: %1</source>
        <translation>总部拒绝了注册：%1</translation>
    </message>
    <message>
        <source>No webcam found. Scan the QR with the USB scanner into the address field, or type address and code.</source>
        <translation>未找到摄像头。请用 USB 扫码枪把二维码扫进地址栏，或手动输入地址和注册码。</translation>
    </message>
    <message>
        <source>Hold head office's enrolment QR in front of the camera.</source>
        <translation>请把总部的注册二维码放到摄像头前。</translation>
    </message>
    <message>
        <source>Read. Press Enter to enrol.</source>
        <translation>已读取。按回车键注册。</translation>
    </message>
</context>
<context>
    <name>EnrolmentPage</name>
    <message>
        <source>Enrolment</source>
        <translation>注册</translation>
    </message>
    <message>
        <source>Alt+H  Enrol with head office (address and one-time code, or scan its enrolment QR)</source>
        <translation>Alt+H  向总部注册（地址和一次性注册码，或扫描注册二维码）</translation>
    </message>
    <message>
        <source>Alt+J  Join as another counter of a station, from a counter running there (LAN, pairing code)</source>
        <translation>Alt+J  作为本站的另一个柜台加入，从正在运行的柜台复制（局域网，配对码）</translation>
    </message>
    <message>
        <source>Join as another counter of a station</source>
        <translation>作为本站的另一个柜台加入</translation>
    </message>
    <message>
        <source>Alt+D  Try the demo station (sample orders, no head office needed)</source>
        <translation>Alt+D  试用演示站点（示例订单，无需总部）</translation>
    </message>
    <message>
        <source>Enrol with head office</source>
        <translation>向总部注册</translation>
    </message>
    <message>
        <source>Try the demo station</source>
        <translation>试用演示站点</translation>
    </message>
    <message>
        <source>The demo station is for learning: its orders are made up. A real counter enrols with head office.</source>
        <translation>演示站点用于学习：订单都是虚构的。正式柜台须向总部注册。</translation>
    </message>
    <message>
        <source>This PC is counter %3 of station %1 · %2.</source>
        <translation>这台电脑是站点 %1 · %2 的 %3 号柜台。</translation>
    </message>
    <message>
        <source>This counter is enrolled as station %1 · %2.</source>
        <translation>本柜台已注册为站点 %1 · %2。</translation>
    </message>
    <message>
        <source>Head office gives each new counter an address and a one-time code (or a QR with both).</source>
        <translation>总部会给每台新柜台一个地址和一次性注册码（或包含两者的二维码）。</translation>
    </message>
    <message>
        <source>Setting up the demo station…</source>
        <translation>正在设置演示站点…</translation>
    </message>
    <message>
        <source>Enrolled. Asking head office what it holds for this station…</source>
        <translation>已注册。正在向总部查询本站点的数据…</translation>
    </message>
    <message>
        <source>Enrolled as station %1 · %2.</source>
        <translation>已注册为站点 %1 · %2。</translation>
    </message>
    <message>
        <source>This station already exists at head office: its orders, stock, staff and holding period were taken over (%1 records). The old PC's key no longer works; staff set their PINs again on this PC.</source>
        <translation>总部已有此站点：已接管它的订单、库存、员工和保留天数（%1 条记录）。旧电脑的密钥已失效；员工需在本电脑上重新设置 PIN。</translation>
    </message>
    <message>
        <source>Head office could not be asked yet (%1): the counter takes the station over at its first sync.</source>
        <translation>暂时无法联系总部（%1）：柜台会在第一次同步时接管站点。</translation>
    </message>
    <message>
        <source>A new station: nothing to take over.</source>
        <translation>新站点：无需接管。</translation>
    </message>
    <message>
        <source>Press Enter to go on.</source>
        <translation>按 Enter 继续。</translation>
    </message>
    <message>
        <source>The station could not be set up: %1</source>
        <translation>站点设置失败：%1</translation>
    </message>
    <message>
        <source>Station: %1 · %2</source>
        <translation>站点：%1 · %2</translation>
    </message>
    <message>
        <source> (demo)</source>
        <translation>（演示）</translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <source>Set up the counter</source>
        <translation>柜台设置向导</translation>
    </message>
    <message>
        <source>Step %1 of %2: %3</source>
        <translation>第 %1 步，共 %2 步：%3</translation>
    </message>
    <message>
        <source>Esc  Back</source>
        <translation>Esc  上一步</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>上一步</translation>
    </message>
    <message>
        <source>Alt+S  Skip</source>
        <translation>Alt+S  跳过</translation>
    </message>
    <message>
        <source>Skip</source>
        <translation>跳过</translation>
    </message>
    <message>
        <source>Enter  Finish</source>
        <translation>回车  完成</translation>
    </message>
    <message>
        <source>Enter  Next</source>
        <translation>回车  下一步</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>The settings could not be saved: %1. Check that the disk is not full, then press Enter again.</source>
        <translation>设置未能保存：%1。请检查磁盘是否已满，然后再按回车键。</translation>
    </message>
</context>
<context>
    <name>HandoverDesk</name>
    <message>
        <source>Ready for the next resident.

Hold the order QR code up to the camera, scan it with the scanner, or type the pickup code and press Enter.</source>
        <translation>请接待下一位居民。

请居民把订单二维码对准摄像头，或用扫码枪扫描，或输入取件码后按回车。</translation>
    </message>
    <message>
        <source>Handover</source>
        <translation>提货</translation>
    </message>
    <message>
        <source>Scan the QR code, or type the 6-digit pickup code / last 4 phone digits</source>
        <translation>扫描提货二维码，或输入 6 位取件码 / 手机尾号 4 位</translation>
    </message>
    <message>
        <source>handing over %1 by phone tail, without the pickup code</source>
        <translation>凭手机尾号（无取件码）交付 %1</translation>
    </message>
    <message>
        <source>handing over %1 by its order number, without the pickup code</source>
        <translation>凭订单号（无取件码）为 %1 提货</translation>
    </message>
    <message>
        <source>Not handed over</source>
        <translation>未交付</translation>
    </message>
    <message>
        <source>A handover by phone tail needs a manager's PIN. Ask the resident for the pickup code, or ask the station manager.</source>
        <translation>凭手机尾号交付需要站长输入 PIN。请向居民索取取件码，或联系站长。</translation>
    </message>
</context>
<context>
    <name>HeadOfficeLink</name>
    <message>
        <source>not enrolled</source>
        <translation>未注册</translation>
    </message>
    <message>
        <source>syncing…</source>
        <translation>同步中…</translation>
    </message>
    <message>
        <source>%1 record(s) taken back from head office.</source>
        <translation>已从总部取回 %1 条记录。</translation>
    </message>
    <message>
        <source>%1 record(s) never reached head office: press F8 to see which.</source>
        <translation>%1 条记录从未到达总部：按 F8 查看是哪些。</translation>
    </message>
    <message>
        <source>Recovered from head office</source>
        <translation>已从总部恢复</translation>
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
</context>
<context>
    <name>HealthDialog</name>
    <message>
        <source>Counter health</source>
        <translation>柜台健康状况</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <source>Ctrl+I  Check integrity</source>
        <translation>Ctrl+I  完整性检查</translation>
    </message>
    <message>
        <source>Check the database for damage</source>
        <translation>检查数据库是否损坏</translation>
    </message>
    <message>
        <source>Ctrl+B  Back up now</source>
        <translation>Ctrl+B  立即备份</translation>
    </message>
    <message>
        <source>Take a backup now</source>
        <translation>立即备份</translation>
    </message>
    <message>
        <source>Ctrl+U  Save support bundle…</source>
        <translation>Ctrl+U  保存诊断包…</translation>
    </message>
    <message>
        <source>Save a support bundle</source>
        <translation>保存诊断包</translation>
    </message>
    <message>
        <source>Ctrl+T  Reset the counter's clock…</source>
        <translation>Ctrl+T  重置柜台时钟…</translation>
    </message>
    <message>
        <source>Reset the counter's clock (manager)</source>
        <translation>重置柜台时钟（需站长）</translation>
    </message>
    <message>
        <source>Esc  Close</source>
        <translation>Esc  关闭</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Checking the whole database; the counter keeps working…</source>
        <translation>正在检查整个数据库，柜台可照常使用…</translation>
    </message>
    <message>
        <source>Backing up…</source>
        <translation>正在备份…</translation>
    </message>
    <message>
        <source>reset the counter's clock to the PC's time</source>
        <translation>将柜台时钟重置为电脑时间</translation>
    </message>
    <message>
        <source>Resetting the clock…</source>
        <translation>正在重置时钟…</translation>
    </message>
    <message>
        <source>The counter's clock now reads %1.</source>
        <translation>柜台时钟现在为 %1。</translation>
    </message>
    <message>
        <source>Head office's time is not known here yet: press F7 to sync, then try again.</source>
        <translation>本柜台还不知道总部的时间：按 F7 同步后再试。</translation>
    </message>
    <message>
        <source>Where to save the support bundle</source>
        <translation>诊断包保存到哪里</translation>
    </message>
    <message>
        <source>Saving the support bundle…</source>
        <translation>正在保存诊断包…</translation>
    </message>
    <message>
        <source>All is well.</source>
        <translation>一切正常。</translation>
    </message>
    <message>
        <source>Something needs a look: see the rows in orange.</source>
        <translation>有项目需要留意：请看橙色的行。</translation>
    </message>
    <message>
        <source>Act now: see the rows in red.</source>
        <translation>请立即处理：请看红色的行。</translation>
    </message>
    <message>
        <source>Backup saved and checked: %1</source>
        <translation>备份已保存并校验：%1</translation>
    </message>
    <message>
        <source>Support bundle saved: %1 (no personal data, no secrets). Send this file to support.</source>
        <translation>诊断包已保存：%1（不含个人信息和密钥）。请把这个文件发给技术支持。</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <source>Last backup</source>
        <translation>最近备份</translation>
    </message>
    <message>
        <source>Waiting to send</source>
        <translation>待上传</translation>
    </message>
    <message>
        <source>Head office</source>
        <translation>总部</translation>
    </message>
    <message>
        <source>Clock</source>
        <translation>时钟</translation>
    </message>
    <message>
        <source>Other counters</source>
        <translation>其他柜台</translation>
    </message>
    <message>
        <source>Disk space</source>
        <translation>磁盘空间</translation>
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
        <source>Log files</source>
        <translation>日志文件</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>留意</translation>
    </message>
    <message>
        <source>Act now</source>
        <translation>立即处理</translation>
    </message>
    <message>
        <source>Database %1. Press Ctrl+I to check it for damage.</source>
        <translation>数据库 %1。按 Ctrl+I 检查是否损坏。</translation>
    </message>
    <message>
        <source>Database %1, checked: no damage found.</source>
        <translation>数据库 %1，已检查：未发现损坏。</translation>
    </message>
    <message>
        <source>The database is damaged (%1). Keep the counter running, save a support bundle (Ctrl+U) and call support: the latest backup may have to be restored.</source>
        <translation>数据库已损坏（%1）。请保持柜台运行，保存诊断包（Ctrl+U）并联系技术支持：可能需要恢复最近的备份。</translation>
    </message>
    <message>
        <source>No backup yet. Press Ctrl+B to take one now.</source>
        <translation>还没有备份。按 Ctrl+B 立即备份。</translation>
    </message>
    <message>
        <source>The latest backup is damaged. Press Ctrl+B to take a new one; if that fails, call support.</source>
        <translation>最近的备份已损坏。按 Ctrl+B 重新备份；如果失败，请联系技术支持。</translation>
    </message>
    <message>
        <source>The last backup is %1 old. Press Ctrl+B to take one now; if it fails, check the disk space.</source>
        <translation>最近的备份已有 %1。按 Ctrl+B 立即备份；如果失败，请检查磁盘空间。</translation>
    </message>
    <message>
        <source>Last backup %1 ago (%2), checked.</source>
        <translation>最近备份于 %1前（%2），已校验。</translation>
    </message>
    <message>
        <source>Everything recorded has reached head office.</source>
        <translation>所有记录都已上传到总部。</translation>
    </message>
    <message>
        <source>Records waiting for head office: %1, the oldest for %2. They are safe here; press F7 to sync.</source>
        <translation>待上传总部的记录：%1 条，最早的已等待 %2。记录在本机是安全的；按 F7 同步。</translation>
    </message>
    <message>
        <source>Not enrolled with head office: records stay on this counter.</source>
        <translation>未绑定总部：记录只保存在本柜台。</translation>
    </message>
    <message>
        <source>Never synced with head office yet. Check the network and press F7.</source>
        <translation>还从未与总部同步。请检查网络后按 F7。</translation>
    </message>
    <message>
        <source>Last sync with head office %1 ago.</source>
        <translation>最近一次与总部同步在 %1前。</translation>
    </message>
    <message>
        <source>No sync with head office for %1 (%2). The counter works offline; check the network and press F7.</source>
        <translation>已有 %1 未与总部同步（%2）。柜台可离线工作；请检查网络后按 F7。</translation>
    </message>
    <message>
        <source>Head office retired this PC's key: it is no longer enrolled. A manager enrols it again (F2, Station) with a new code.</source>
        <translation>总部已停用本电脑的密钥：它已不再注册。请站长用新的注册码重新注册（F2 → 站点）。</translation>
    </message>
    <message>
        <source>The counter's clock is held %1 ahead (the PC clock ran ahead once): pickup QR codes read as expired. Put the PC's time right, then a manager presses Ctrl+T.</source>
        <translation>柜台时钟被保持在超前 %1（电脑时钟曾经走快）：提货二维码会显示为已过期。请先校准电脑时间，再由站长按 Ctrl+T。</translation>
    </message>
    <message>
        <source>Head office's time is not known yet (no sync).</source>
        <translation>尚不知道总部的时间（还没有同步）。</translation>
    </message>
    <message>
        <source>The PC clock agrees with head office's.</source>
        <translation>电脑时钟与总部一致。</translation>
    </message>
    <message>
        <source>The PC clock is %1 behind head office's: put the PC's time right (receipts and reports use it).</source>
        <translation>电脑时钟比总部慢 %1：请校准电脑时间（小票和报表都用它）。</translation>
    </message>
    <message>
        <source>The PC clock is %1 ahead of head office's: put the PC's time right (receipts and reports use it).</source>
        <translation>电脑时钟比总部快 %1：请校准电脑时间（小票和报表都用它）。</translation>
    </message>
    <message>
        <source>The data folder cannot be read (%1).</source>
        <translation>无法读取数据文件夹（%1）。</translation>
    </message>
    <message>
        <source>Only %1 free on the disk of %2: handovers may soon fail to save. Free space now (delete old files, empty the recycle bin) or call support.</source>
        <translation>%2 所在磁盘只剩 %1：提货记录可能很快无法保存。请立即清理空间（删除旧文件、清空回收站）或联系技术支持。</translation>
    </message>
    <message>
        <source>%1 free on the disk of %2. Free some space soon.</source>
        <translation>%2 所在磁盘剩余 %1。请尽快清理一些空间。</translation>
    </message>
    <message>
        <source>%1 free.</source>
        <translation>剩余 %1。</translation>
    </message>
    <message>
        <source>Receipts not printed: %1 (last error: %2). Check the printer (power, cable, paper), then press F6.</source>
        <translation>未打印的小票：%1 张（最近的错误：%2）。请检查打印机（电源、连线、纸张），然后按 F6。</translation>
    </message>
    <message>
        <source>Printer: %3. Check power, cable and paper.</source>
        <translation>打印机：%3。请检查电源、连线和纸张。</translation>
    </message>
    <message>
        <source>Every receipt printed.</source>
        <translation>所有小票都已打印。</translation>
    </message>
    <message>
        <source>No camera in use: scan with the scanner or type the code.</source>
        <translation>未使用摄像头：请用扫码枪扫码或手动输入。</translation>
    </message>
    <message>
        <source>Camera %1 frames/s; the decoder reads %2 frames/s at %3 ms each.</source>
        <translation>摄像头 %1 帧/秒；识别每秒处理 %2 帧，每帧 %3 毫秒。</translation>
    </message>
    <message>
        <source>The camera is in use by another program or unplugged: close the other program or re-plug it; you can keep scanning with the scanner/typing</source>
        <translation>摄像头被其他程序占用或已拔出：请关闭其他程序或重新插好摄像头；扫码枪和手动输入照常可用</translation>
    </message>
    <message>
        <source>The camera is not delivering pictures: check its cable. The scanner and typed codes still work.</source>
        <translation>摄像头没有画面：请检查连线。扫码枪和手动输入照常可用。</translation>
    </message>
    <message>
        <source>Log files: %1.</source>
        <translation>日志文件：%1。</translation>
    </message>
    <message>
        <source>This counter is the station's only one (no other counter set up).</source>
        <translation>本站只有这一个柜台（未设置其他柜台）。</translation>
    </message>
    <message>
        <source>Counter %1 (%2) cannot be reached for %3: %4. Check that it is on, its app open and its network cable in. Both counters keep working; they catch up when they meet again.</source>
        <translation>%1 号柜台（%2）已 %3 联系不上：%4。请检查那台电脑是否开机、程序是否打开、网线是否插好。两个柜台都可以继续工作，重新连上后会自动补齐。</translation>
    </message>
    <message>
        <source>Other counters %1 reached; %2 record(s) still coming over.</source>
        <translation>已连上其他柜台 %1；还有 %2 条记录正在同步过来。</translation>
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
        <source>%1 days</source>
        <translation>%1 天</translation>
    </message>
</context>
<context>
    <name>JoinForm</name>
    <message>
        <source>Address of a counter of the station</source>
        <translation>本站一个柜台的地址</translation>
    </message>
    <message>
        <source>Pairing code</source>
        <translation>配对码</translation>
    </message>
    <message>
        <source>This PC becomes counter</source>
        <translation>这台电脑成为几号柜台</translation>
    </message>
    <message>
        <source>This PC answers on port</source>
        <translation>这台电脑使用的端口</translation>
    </message>
    <message>
        <source>e.g. 192.168.1.20 (F2, Counters on that PC)</source>
        <translation>例如 192.168.1.20（见那台电脑的 F2，柜台）</translation>
    </message>
    <message>
        <source>e.g. 7K2Q-M4XD-… as that counter shows it</source>
        <translation>如 7K2Q-M4XD-…，照那个柜台显示的输入</translation>
    </message>
    <message>
        <source>This PC replaces that counter (its PC is gone, or its disk was restored from a backup)</source>
        <translation>这台电脑替换那个柜台（原电脑已报废，或硬盘从备份恢复过）</translation>
    </message>
    <message>
        <source>Type the address of a counter of the station.</source>
        <translation>请输入本站一个柜台的地址。</translation>
    </message>
    <message>
        <source>Copying the station from that counter…</source>
        <translation>正在从那个柜台复制本站数据…</translation>
    </message>
    <message>
        <source>This PC is now counter %1 of station %2.</source>
        <translation>这台电脑现在是站点 %2 的 %1 号柜台。</translation>
    </message>
    <message>
        <source>The pairing code has a typo: check it against the other counter's F2, Counters.</source>
        <translation>配对码输错了：请对照另一个柜台 F2 里“柜台”一栏检查。</translation>
    </message>
    <message>
        <source>That counter does not accept this pairing code: it belongs to another station, or a new code was made.</source>
        <translation>那个柜台不接受这个配对码：它属于别的站点，或者已经换了新配对码。</translation>
    </message>
    <message>
        <source>%1. Choose another number.</source>
        <translation>%1。请换一个柜台号。</translation>
    </message>
    <message>
        <source>No counter answers at that address: check the address, that the counter's app is open and the network cable is in.</source>
        <translation>这个地址上没有柜台回应：请检查地址、那个柜台的程序是否打开、网线是否插好。</translation>
    </message>
    <message>
        <source>Joining failed: %1</source>
        <translation>加入失败：%1</translation>
    </message>
</context>
<context>
    <name>LabelPrinterPage</name>
    <message>
        <source>Label printer</source>
        <translation>标签打印机</translation>
    </message>
    <message>
        <source>A label printer prints the bag labels on 40×30, 50×30 or 60×40 mm labels. Choose TSPL or ZPL and the label size, press Ctrl+K to calibrate and Ctrl+T for a test label. No label printer? Press Skip: labels print on the receipt printer.</source>
        <translation>标签打印机在 40×30、50×30 或 60×40 毫米的标签纸上打印袋标签。请选择 TSPL 或 ZPL 和标签尺寸，按 Ctrl+K 校准，按 Ctrl+T 打印测试标签。没有标签打印机？按“跳过”：标签将用小票打印机打印。</translation>
    </message>
    <message>
        <source>Label printer: none (labels on the receipt printer)</source>
        <translation>标签打印机：无（标签用小票打印机打印）</translation>
    </message>
    <message>
        <source>Label printer: %1, %2, %3 mm</source>
        <translation>标签打印机：%1，%2，%3 毫米</translation>
    </message>
</context>
<context>
    <name>LabelPrinterPanel</name>
    <message>
        <source>Label printer language</source>
        <translation>标签打印机指令语言</translation>
    </message>
    <message>
        <source>None: labels print on the receipt printer</source>
        <translation>无：标签用小票打印机打印</translation>
    </message>
    <message>
        <source>TSPL (Gprinter, Xprinter, HPRT, TSC)</source>
        <translation>TSPL（佳博、芯烨、汉印、TSC）</translation>
    </message>
    <message>
        <source>ZPL (Zebra)</source>
        <translation>ZPL（斑马）</translation>
    </message>
    <message>
        <source>Label printers found</source>
        <translation>找到的标签打印机</translation>
    </message>
    <message>
        <source>Choose the label printer; Ctrl+F searches again.</source>
        <translation>选择标签打印机；按 Ctrl+F 重新查找。</translation>
    </message>
    <message>
        <source>Virtual label printer (no paper: saves labels as files)</source>
        <translation>虚拟标签打印机（不出纸：标签存为文件）</translation>
    </message>
    <message>
        <source>Network label printer address, then Enter</source>
        <translation>网络标签打印机地址，输入后按回车</translation>
    </message>
    <message>
        <source>Network label printer address</source>
        <translation>网络标签打印机地址</translation>
    </message>
    <message>
        <source>Gap between labels</source>
        <translation>标签间隙</translation>
    </message>
    <message>
        <source>Black mark</source>
        <translation>黑标</translation>
    </message>
    <message>
        <source>Continuous paper</source>
        <translation>连续纸</translation>
    </message>
    <message>
        <source>1: top of the label first</source>
        <translation>1：标签顶端先出</translation>
    </message>
    <message>
        <source>0: turned round</source>
        <translation>0：旋转 180 度</translation>
    </message>
    <message>
        <source>Ctrl+K  Calibrate</source>
        <translation>Ctrl+K  校准</translation>
    </message>
    <message>
        <source>Calibrate</source>
        <translation>校准</translation>
    </message>
    <message>
        <source>Ctrl+T  Print test label</source>
        <translation>Ctrl+T  打印测试标签</translation>
    </message>
    <message>
        <source>Print test label</source>
        <translation>打印测试标签</translation>
    </message>
    <message>
        <source>Ctrl+R  Printer status</source>
        <translation>Ctrl+R  打印机状态</translation>
    </message>
    <message>
        <source>Printer status</source>
        <translation>打印机状态</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>指令语言</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Label size</source>
        <translation>标签尺寸</translation>
    </message>
    <message>
        <source>Labels are parted by</source>
        <translation>标签分隔方式</translation>
    </message>
    <message>
        <source>Gap / mark height</source>
        <translation>间隙/黑标高度</translation>
    </message>
    <message>
        <source>Darkness</source>
        <translation>打印浓度</translation>
    </message>
    <message>
        <source>Speed (inch/s)</source>
        <translation>打印速度（英寸/秒）</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>打印方向</translation>
    </message>
    <message>
        <source>Looking for label printers…</source>
        <translation>正在查找标签打印机…</translation>
    </message>
    <message numerus="yes">
        <source>%n printer(s) found. Choose the label printer in the list.</source>
        <translation>
            <numerusform>找到 %n 台打印机。请在列表中选择标签打印机。</numerusform>
        </translation>
    </message>
    <message>
        <source>That did not work: %1</source>
        <translation>操作未成功：%1</translation>
    </message>
    <message>
        <source>Type the printer's address, e.g. 192.168.1.60.</source>
        <translation>请输入打印机地址，例如 192.168.1.60。</translation>
    </message>
    <message>
        <source>No label printer answers at %1. Check the address, that it is switched on and on the same network.</source>
        <translation>%1 没有标签打印机应答。请检查地址、打印机是否已开机并在同一网络。</translation>
    </message>
    <message>
        <source>A %1 label printer answers at %2. Press Ctrl+K to calibrate, then Ctrl+T.</source>
        <translation>%2 有一台 %1 标签打印机应答。请按 Ctrl+K 校准，再按 Ctrl+T。</translation>
    </message>
    <message>
        <source>Calibrating: the printer feeds a few labels…</source>
        <translation>正在校准：打印机将走几张标签…</translation>
    </message>
    <message>
        <source>Calibrated. Press Ctrl+T for a test label.</source>
        <translation>校准完成。按 Ctrl+T 打印测试标签。</translation>
    </message>
    <message>
        <source>Printing the test label…</source>
        <translation>正在打印测试标签…</translation>
    </message>
    <message>
        <source>Test label sent to %1. The frame must sit inside the label; scan its QR code.</source>
        <translation>测试标签已发送到 %1。边框必须完整落在标签内；请扫描其二维码。</translation>
    </message>
    <message>
        <source>The label printer did not do it: %1.</source>
        <translation>标签打印机未完成：%1。</translation>
    </message>
    <message>
        <source>This printer cannot tell its status (only network label printers are asked).</source>
        <translation>此打印机无法报告状态（仅查询网络标签打印机）。</translation>
    </message>
    <message>
        <source>The label printer is ready.</source>
        <translation>标签打印机已就绪。</translation>
    </message>
    <message>
        <source>the head is open</source>
        <translation>打印头未合上</translation>
    </message>
    <message>
        <source>paper jam</source>
        <translation>卡纸</translation>
    </message>
    <message>
        <source>out of labels</source>
        <translation>标签纸用完</translation>
    </message>
    <message>
        <source>out of ribbon</source>
        <translation>碳带用完</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>the cover is open</source>
        <translation>上盖未合上</translation>
    </message>
    <message>
        <source>too hot</source>
        <translation>温度过高</translation>
    </message>
    <message>
        <source>The label printer says: %1.</source>
        <translation>标签打印机报告：%1。</translation>
    </message>
</context>
<context>
    <name>LanguagePage</name>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Welcome! This sets the counter up in a few steps: enrolment with head office, printer, camera, scanner and the first manager. Enter goes on, Esc goes back.</source>
        <translation>欢迎！只需几步即可设置好柜台：向总部注册、打印机、摄像头、扫码枪和第一位店长。回车键前进，Esc 键返回。</translation>
    </message>
    <message>
        <source>Receipts in: %1</source>
        <translation>小票语言：%1</translation>
    </message>
</context>
<context>
    <name>LineEditor</name>
    <message>
        <source>Good units</source>
        <translation>完好件数</translation>
    </message>
    <message>
        <source>Damaged units</source>
        <translation>破损件数</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Received (Ctrl+T)</source>
        <translation>实收 (Ctrl+T)</translation>
    </message>
    <message>
        <source>Damaged (Ctrl+D)</source>
        <translation>破损 (Ctrl+D)</translation>
    </message>
    <message>
        <source>Note (Ctrl+N)</source>
        <translation>备注 (Ctrl+N)</translation>
    </message>
    <message>
        <source>Line %1 · reason: %2</source>
        <translation>第 %1 行 · 原因：%2</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>short</source>
        <translation>缺货</translation>
    </message>
    <message>
        <source>damaged</source>
        <translation>破损</translation>
    </message>
    <message>
        <source>extra</source>
        <translation>多货</translation>
    </message>
    <message>
        <source>wrong item</source>
        <translation>错货</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>过期</translation>
    </message>
    <message>
        <source>other</source>
        <translation>其他</translation>
    </message>
</context>
<context>
    <name>ManagerApproval</name>
    <message>
        <source>A station manager must approve: %1
Manager: choose your name and type your PIN.</source>
        <translation>需要站长批准：%1
站长：请选择您的姓名并输入 PIN。</translation>
    </message>
    <message>
        <source>Manager approval</source>
        <translation>站长审批</translation>
    </message>
    <message>
        <source>No manager account exists at this station.</source>
        <translation>本自提点没有站长账号。</translation>
    </message>
</context>
<context>
    <name>ManagerPage</name>
    <message>
        <source>First manager</source>
        <translation>第一位店长</translation>
    </message>
    <message>
        <source>%1 is the station manager. Press Enter to go on.</source>
        <translation>%1 是站点店长。按回车键继续。</translation>
    </message>
    <message>
        <source>This station's managers came back from head office: %1. Type your name as it is there and choose a new PIN (PINs never leave a counter).</source>
        <translation>本站点的站长已从总部恢复：%1。请输入与总部一致的姓名，并设置新的 PIN（PIN 从不离开柜台）。</translation>
    </message>
    <message>
        <source>The demo station has its own staff (manager 陈建国, PIN 2222; clerk 王丽, PIN 1111). Add yourself as a manager, or press Skip.</source>
        <translation>演示站点已有员工（店长 陈建国，PIN 2222；店员 王丽，PIN 1111）。可以把自己添加为店长，或按“跳过”。</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>PIN again</source>
        <translation>再次输入 PIN</translation>
    </message>
    <message>
        <source>Manager's name</source>
        <translation>店长姓名</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>Type the manager's name.</source>
        <translation>请输入店长姓名。</translation>
    </message>
    <message>
        <source>The station manager signs in with a PIN, approves refunds and adds the other staff. Choose a PIN of 6 to 8 digits that others cannot guess: not a run like 123456 or 1234, not a repeat like 111111 or 121212.</source>
        <translation>站长用 PIN 登录、审批退款并添加其他员工。请设置他人猜不到的 6 到 8 位数字 PIN：不要用 123456、1234 这样的连号，也不要用 111111、121212 这样的重复数字。</translation>
    </message>
    <message>
        <source>PIN (6–8 digits)</source>
        <translation>PIN（6–8 位数字）</translation>
    </message>
    <message>
        <source>The two PINs differ. Type the PIN twice.</source>
        <translation>两次输入的 PIN 不一致。请输入两遍 PIN。</translation>
    </message>
    <message>
        <source>That PIN is easy to guess (a run like 123456 or a repeat like 111111). Choose another.</source>
        <translation>这个 PIN 太容易被猜到（如 123456 这样的连号或 111111 这样的重复数字），请换一个。</translation>
    </message>
    <message>
        <source>A manager's PIN is 6 to 8 digits. Type it again.</source>
        <translation>站长的 PIN 为 6 到 8 位数字，请重新输入。</translation>
    </message>
    <message>
        <source>%1 added as station manager.</source>
        <translation>已添加 %1 为站点店长。</translation>
    </message>
    <message>
        <source>Type a name (at most %1 characters).</source>
        <translation>请输入姓名（最多 %1 个字符）。</translation>
    </message>
    <message>
        <source>This station already has a manager: add staff later in Settings → Staff.</source>
        <translation>本站点已有店长：请以后在“设置 → 员工”中添加员工。</translation>
    </message>
    <message>
        <source>Nothing was saved: %1</source>
        <translation>未保存任何内容：%1</translation>
    </message>
    <message>
        <source>Manager: %1</source>
        <translation>店长：%1</translation>
    </message>
</context>
<context>
    <name>ManifestTable</name>
    <message>
        <source>Manifest lines</source>
        <translation>配送单明细</translation>
    </message>
    <message>
        <source>One row per item: expected, received, damaged and the difference</source>
        <translation>每行一件商品：应到、实收、破损和差异</translation>
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
        <source>Expected</source>
        <translation>应到</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>实收</translation>
    </message>
    <message>
        <source>Damaged</source>
        <translation>破损</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>差异</translation>
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
    <message numerus="yes">
        <source>This household has %n more ready order(s): Ctrl+H adds them to this handover.</source>
        <translation>
            <numerusform>此住户还有 %n 个待提订单：按 Ctrl+H 一起提货。</numerusform>
        </translation>
    </message>
    <message>
        <source>no slot</source>
        <translation>未上架</translation>
    </message>
    <message>
        <source>Ready · slot %1 · not sorted yet</source>
        <translation>可以提货 · 货架位 %1 · 尚未分拣</translation>
    </message>
    <message>
        <source>Only %1 of %2 units are in the bag. Check every line against the goods before you press Enter.</source>
        <translation>袋中只有 %1/%2 件。请逐行核对商品后再按回车。</translation>
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
        <translation>滞留（%1 已到期）</translation>
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
        <source>Goods here, bag not sorted yet</source>
        <translation>货已到站，尚未分拣装袋</translation>
    </message>
    <message>
        <source>Sort this order first: press Alt+0, scan its bag label and then each item. Hand it over once it is sorted.</source>
        <translation>请先分拣此订单：按 Alt+0，扫描袋标签，再逐件扫描商品。分拣完成后再提货。</translation>
    </message>
    <message numerus="yes">
        <source>%n orders of this household · slots %1</source>
        <translation>
            <numerusform>此住户 %n 个订单 · 货架位 %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Fetch every bag and check the goods with the resident; Enter hands them all over on one receipt.</source>
        <translation>取出每一袋并与居民核对商品；按回车一起提货，打印一张小票。</translation>
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
        <source>Not handed over: the code is not this order's</source>
        <translation>未提货：该码不属于此订单</translation>
    </message>
    <message>
        <source>What was scanned does not prove this order. Ask the resident for the pickup code or the QR code on their phone, and scan it again.</source>
        <translation>扫描的内容不能证明是此订单。请向居民索取取件码或手机上的二维码，再扫一次。</translation>
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
        <source>Ask the manager to approve with their own name.</source>
        <translation>请站长用本人账号审批。</translation>
    </message>
    <message>
        <source>Not saved: the disk is full</source>
        <translation>未保存：磁盘已满</translation>
    </message>
    <message>
        <source>Nothing was recorded for this order. Free disk space (F3 shows how much is left) or call support, then scan the order again.</source>
        <translation>这个订单没有任何记录被保存。请清理磁盘空间（按 F3 查看剩余空间）或联系技术支持，然后重新扫码。</translation>
    </message>
    <message>
        <source>Not saved: the data folder cannot be written</source>
        <translation>未保存：数据文件夹无法写入</translation>
    </message>
    <message>
        <source>Nothing was recorded for this order. The disk may have been unplugged or become read-only: restart the counter; if it repeats, call support.</source>
        <translation>这个订单没有任何记录被保存。磁盘可能已断开或变为只读：请重启柜台程序；如果再次出现，请联系技术支持。</translation>
    </message>
    <message>
        <source>Not saved: the database is damaged</source>
        <translation>未保存：数据库已损坏</translation>
    </message>
    <message>
        <source>Nothing was recorded for this order. Press F3, save a support bundle and call support: the latest backup can be restored.</source>
        <translation>这个订单没有任何记录被保存。请按 F3 保存诊断包并联系技术支持：可以恢复最近的备份。</translation>
    </message>
    <message>
        <source>Not saved: the disk failed</source>
        <translation>未保存：磁盘读写出错</translation>
    </message>
    <message>
        <source>Nothing was recorded for this order. Try again; if it repeats the disk may be failing: press F3, save a support bundle and call support.</source>
        <translation>这个订单没有任何记录被保存。请再试一次；如果再次出现，磁盘可能有故障：请按 F3 保存诊断包并联系技术支持。</translation>
    </message>
    <message>
        <source>Not saved: the database is busy</source>
        <translation>未保存：数据库正忙</translation>
    </message>
    <message>
        <source>Another program holds the station database. Try again in a moment; if it repeats, restart the counter.</source>
        <translation>有其他程序占用了站点数据库。请稍后再试；如果再次出现，请重启柜台程序。</translation>
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
        <source>This PC's time zone is not the station's</source>
        <translation>这台电脑的时区与站点不同</translation>
    </message>
    <message>
        <source>The PC is set to %1; the station works on China time (%2). The counter shows, prints and numbers everything in China time. Set the PC's time zone to China (UTC+8) so its own clock agrees.</source>
        <translation>电脑设置为 %1；站点使用中国时间（%2）。柜台的显示、打印和编号都按中国时间。请把电脑时区设为中国（UTC+8），让电脑自己的时钟一致。</translation>
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
        <translation>滞留</translation>
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
        <source>Not sorted</source>
        <translation>未分拣</translation>
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
    <name>MovementHistory</name>
    <message>
        <source>Press Enter for the selected item's history</source>
        <translation>按 Enter 查看选中商品的库存流水</translation>
    </message>
    <message>
        <source>Movement reason (Ctrl+R)</source>
        <translation>变动原因 (Ctrl+R)</translation>
    </message>
    <message>
        <source>All reasons</source>
        <translation>全部原因</translation>
    </message>
    <message>
        <source>Reason (Ctrl+R)</source>
        <translation>原因 (Ctrl+R)</translation>
    </message>
    <message>
        <source>Older (Ctrl+O)</source>
        <translation>更早 (Ctrl+O)</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>变动</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>结存</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>单号</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>system</source>
        <translation>系统</translation>
    </message>
    <message>
        <source>Movement history</source>
        <translation>库存流水</translation>
    </message>
    <message>
        <source>One row per stock movement: when, change, reason, reference, who</source>
        <translation>每行一条库存流水：时间、变动、原因、单号、操作人</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>到货签收</translation>
    </message>
    <message>
        <source>Handed over</source>
        <translation>提货</translation>
    </message>
    <message>
        <source>Damaged</source>
        <translation>破损</translation>
    </message>
    <message>
        <source>Walk-in sale</source>
        <translation>门店零售</translation>
    </message>
    <message>
        <source>Sale refunded</source>
        <translation>零售退款</translation>
    </message>
    <message>
        <source>Returned by resident</source>
        <translation>居民退货</translation>
    </message>
    <message>
        <source>Sent back to head office</source>
        <translation>退货出库</translation>
    </message>
    <message>
        <source>Stock count adjustment</source>
        <translation>盘点调整</translation>
    </message>
    <message>
        <source>Opening stock</source>
        <translation>期初库存</translation>
    </message>
    <message>
        <source> · Ctrl+O for older</source>
        <translation> · Ctrl+O 查看更早</translation>
    </message>
    <message>
        <source>History of %1 · %2</source>
        <translation>%1 的库存流水 · %2</translation>
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
        <source>Short at receiving</source>
        <translation>到货缺货</translation>
    </message>
    <message>
        <source>Code %1</source>
        <translation>取件码 %1</translation>
    </message>
    <message>
        <source>Short at receiving: %1 (marked missing)</source>
        <translation>到货缺货：%1（已标记缺货）</translation>
    </message>
    <message numerus="yes">
        <source>Taken %1 of %n item(s) · %2</source>
        <translation>
            <numerusform>已提 %1 / 共 %n 件 · %2</numerusform>
        </translation>
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
    <name>OverdueDesk</name>
    <message>
        <source> day(s)</source>
        <translation> 天</translation>
    </message>
    <message>
        <source>Holding period</source>
        <translation>保管期限</translation>
    </message>
    <message>
        <source>Tick all (Ctrl+A)</source>
        <translation>全选 (Ctrl+A)</translation>
    </message>
    <message>
        <source>Mark reminded (Ctrl+M)</source>
        <translation>标记已提醒 (Ctrl+M)</translation>
    </message>
    <message>
        <source>Move into return shipment (Ctrl+T)</source>
        <translation>加入退货出库 (Ctrl+T)</translation>
    </message>
    <message>
        <source>Set holding period (Ctrl+L)</source>
        <translation>设置保管期限 (Ctrl+L)</translation>
    </message>
    <message>
        <source>✓</source>
        <translation>✓</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Slot</source>
        <translation>货架位</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>手机</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>滞留</translation>
    </message>
    <message>
        <source>Reminded</source>
        <translation>已提醒</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>件数</translation>
    </message>
    <message>
        <source>Return</source>
        <translation>退货</translation>
    </message>
    <message>
        <source>Overdue orders</source>
        <translation>滞留订单</translation>
    </message>
    <message>
        <source>One row per overdue order, oldest first; ↑ ↓ choose, Space ticks</source>
        <translation>每行一个滞留订单，最早的在前；↑ ↓ 选择，空格勾选</translation>
    </message>
    <message>
        <source>Scan or type an order's code to tick it; Space ticks the selected line</source>
        <translation>扫描或输入订单编码即可勾选；Space 勾选选中行</translation>
    </message>
    <message>
        <source>Not on the overdue list: %1</source>
        <translation>不在滞留列表中：%1</translation>
    </message>
    <message>
        <source>Only ready orders past their holding deadline are listed here. Look the order up on the handover desk.</source>
        <translation>这里只列出超过保管期限的待提货订单。请到提货页面查询此订单。</translation>
    </message>
    <message>
        <source>%1 ticked</source>
        <translation>已勾选 %1</translation>
    </message>
    <message numerus="yes">
        <source>%n order(s) ticked.</source>
        <translation>
            <numerusform>已勾选 %n 个订单。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n order(s) ticked</source>
        <translation>
            <numerusform>已勾选 %n 个订单</numerusform>
        </translation>
    </message>
    <message>
        <source>Ctrl+M marks them reminded, Ctrl+T moves them into the return shipment.</source>
        <translation>按 Ctrl+M 标记为已提醒，按 Ctrl+T 加入退货出库。</translation>
    </message>
    <message numerus="yes">
        <source>holding period of %n day(s) for orders received from now on</source>
        <translation>
            <numerusform>此后到货的订单保管期限改为 %n 天</numerusform>
        </translation>
    </message>
    <message>
        <source>Holding period not changed</source>
        <translation>保管期限未更改</translation>
    </message>
    <message>
        <source>A station manager must approve the change.</source>
        <translation>此更改需站长审批。</translation>
    </message>
    <message>
        <source>No order ticked</source>
        <translation>未勾选订单</translation>
    </message>
    <message>
        <source>Tick orders with ↑ ↓ and Space, or all with Ctrl+A.</source>
        <translation>用 ↑ ↓ 和 Space 勾选订单，或按 Ctrl+A 全选。</translation>
    </message>
    <message numerus="yes">
        <source>%n order(s) marked reminded</source>
        <translation>
            <numerusform>%n 个订单已标记为已提醒</numerusform>
        </translation>
    </message>
    <message>
        <source>Head office sends the residents a reminder.</source>
        <translation>总部会向居民发送提醒。</translation>
    </message>
    <message numerus="yes">
        <source>%n order(s) moved into %1</source>
        <translation>
            <numerusform>%n 个订单已加入 %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Take them off the shelf; scan them out and ship on the returns desk (%1 unit(s) in the shipment).</source>
        <translation>请将其从货架取下，到退货页面扫描出库并发出（本次退货出库共 %1 件）。</translation>
    </message>
    <message numerus="yes">
        <source>Holding period: %n day(s)</source>
        <translation>
            <numerusform>保管期限：%n 天</numerusform>
        </translation>
    </message>
    <message>
        <source>Was %1. Orders already on the shelf keep their deadline; orders received from now on get the new period.</source>
        <translation>原为 %1。已上架订单的到期时间不变；此后到货的订单按新期限计算。</translation>
    </message>
    <message>
        <source>Not possible for every ticked order</source>
        <translation>部分勾选的订单无法处理</translation>
    </message>
    <message>
        <source>Nothing was changed. Not overdue or already in the shipment: %1</source>
        <translation>未做任何更改。以下订单未滞留或已在退货出库中：%1</translation>
    </message>
    <message>
        <source>Only a station manager can do this</source>
        <translation>只有站长可以执行此操作</translation>
    </message>
    <message numerus="yes">
        <source>%n overdue order(s)</source>
        <translation>
            <numerusform>%n 个滞留订单</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>holding period %n day(s)</source>
        <translation>
            <numerusform>保管期限 %n 天</numerusform>
        </translation>
    </message>
    <message>
        <source>✓ %1× %2</source>
        <translation>✓ %1 次 %2</translation>
    </message>
    <message>
        <source>%1 d %2 h</source>
        <translation>%1 天 %2 小时</translation>
    </message>
    <message>
        <source>listed</source>
        <translation>已加入</translation>
    </message>
</context>
<context>
    <name>PeerWords</name>
    <message>
        <source>cannot connect: it is off, its app is closed, or the LAN is cut</source>
        <translation>连不上：那台电脑关机了、程序没开，或网络断了</translation>
    </message>
    <message>
        <source>no answer in time: the LAN is slow or the counter is busy</source>
        <translation>没有及时回应：网络慢或那个柜台太忙</translation>
    </message>
    <message>
        <source>it does not take this station's pairing code (a new code was made?)</source>
        <translation>它不接受本站的配对码（是否换了新配对码？）</translation>
    </message>
    <message>
        <source>the PC at that address is another station's counter, or another number</source>
        <translation>那个地址上的电脑是别的站点的柜台，或柜台号不对</translation>
    </message>
    <message>
        <source>it answered something that is not a counter's answer</source>
        <translation>它回应的内容不是柜台的回应</translation>
    </message>
    <message>
        <source>it refused this counter</source>
        <translation>它拒绝了本柜台</translation>
    </message>
</context>
<context>
    <name>PinDialog</name>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Staff who may sign in; ↑ ↓ choose</source>
        <translation>可登录的员工；↑ ↓ 选择</translation>
    </message>
    <message>
        <source>PIN (4-8 digits), then Enter</source>
        <translation>PIN（4–8 位数字），然后按回车</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>OK (Enter)</source>
        <translation>确定 (回车)</translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation>取消 (Esc)</translation>
    </message>
    <message>
        <source>Choose a name with ↑ ↓ and type the PIN.</source>
        <translation>用 ↑ ↓ 选择姓名并输入 PIN。</translation>
    </message>
    <message>
        <source>The PIN could not be checked: %1</source>
        <translation>无法校验 PIN：%1</translation>
    </message>
</context>
<context>
    <name>PrinterPage</name>
    <message>
        <source>Printer</source>
        <translation>打印机</translation>
    </message>
    <message>
        <source>Printer: %1, %2 mm, %3</source>
        <translation>打印机：%1，%2 毫米，%3</translation>
    </message>
</context>
<context>
    <name>PrinterPanel</name>
    <message>
        <source>Printers found</source>
        <translation>找到的打印机</translation>
    </message>
    <message>
        <source>Choose the counter's receipt printer; Ctrl+F searches again.</source>
        <translation>选择柜台的小票打印机；按 Ctrl+F 重新查找。</translation>
    </message>
    <message>
        <source>Virtual printer (no paper: saves receipts as files)</source>
        <translation>虚拟打印机（不出纸：小票保存为文件）</translation>
    </message>
    <message>
        <source>Network printer address, e.g. 192.168.1.50</source>
        <translation>网络打印机地址，例如 192.168.1.50</translation>
    </message>
    <message>
        <source>Network printer address</source>
        <translation>网络打印机地址</translation>
    </message>
    <message>
        <source>Check address</source>
        <translation>检查地址</translation>
    </message>
    <message>
        <source>Printer model</source>
        <translation>打印机型号</translation>
    </message>
    <message>
        <source>Other / not listed</source>
        <translation>其他 / 未列出</translation>
    </message>
    <message>
        <source>Simple printer (no cutter, QR as a picture)</source>
        <translation>简易打印机（无切刀，二维码以图片发送）</translation>
    </message>
    <message>
        <source>Paper width</source>
        <translation>纸宽</translation>
    </message>
    <message>
        <source>Chinese encoding</source>
        <translation>中文编码</translation>
    </message>
    <message>
        <source>Cut the paper after each receipt (printer has a cutter)</source>
        <translation>每张小票后切纸（打印机带切刀）</translation>
    </message>
    <message>
        <source>Printer draws QR codes itself (else sent as a picture)</source>
        <translation>打印机自行绘制二维码（否则以图片发送）</translation>
    </message>
    <message>
        <source>Ctrl+T  Print test page</source>
        <translation>Ctrl+T  打印测试页</translation>
    </message>
    <message>
        <source>Print test page</source>
        <translation>打印测试页</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>型号</translation>
    </message>
    <message>
        <source>Paper</source>
        <translation>纸张</translation>
    </message>
    <message>
        <source>Encoding</source>
        <translation>编码</translation>
    </message>
    <message>
        <source>USB: %1</source>
        <translation>USB：%1</translation>
    </message>
    <message>
        <source>Serial port: %1</source>
        <translation>串口：%1</translation>
    </message>
    <message>
        <source>Network: %1</source>
        <translation>网络：%1</translation>
    </message>
    <message>
        <source>Looking for printers on USB, serial ports and the network…</source>
        <translation>正在 USB、串口和网络上查找打印机…</translation>
    </message>
    <message numerus="yes">
        <source>%n printer(s) found.</source>
        <translation>
            <numerusform>找到 %n 台打印机。</numerusform>
        </translation>
    </message>
    <message>
        <source>Serial port %1: no printer answered.</source>
        <translation>串口 %1：没有打印机应答。</translation>
    </message>
    <message>
        <source>Serial port %1: this user may not open it (on Linux, add the user to the 'dialout' group).</source>
        <translation>串口 %1：当前用户无权打开（Linux 上请把该用户加入 dialout 组）。</translation>
    </message>
    <message>
        <source>Search stopped.</source>
        <translation>搜索已停止。</translation>
    </message>
    <message>
        <source>The search failed: %1</source>
        <translation>搜索失败：%1</translation>
    </message>
    <message>
        <source>USB printers cannot be listed: libusb is not installed. Use a network or serial printer, or install libusb.</source>
        <translation>无法列出 USB 打印机：未安装 libusb。请使用网络或串口打印机，或安装 libusb。</translation>
    </message>
    <message>
        <source>A USB printer is there, but this user may not use it. On Linux install the app's udev rule (or add the user to the 'lp' group), then plug the printer in again.</source>
        <translation>找到了 USB 打印机，但当前用户无权使用。在 Linux 上请安装本软件的 udev 规则（或把用户加入“lp”组），然后重新插拔打印机。</translation>
    </message>
    <message>
        <source>Every address on this network answers (a firewall or proxy is in the way), so printers cannot be told apart: type the printer's address and press Enter.</source>
        <translation>此网络上的每个地址都有应答（中间有防火墙或代理），无法分辨打印机：请输入打印机地址后按回车键。</translation>
    </message>
    <message>
        <source>This PC is not on a network: type a network printer's address instead.</source>
        <translation>本机未连接网络：请直接输入网络打印机的地址。</translation>
    </message>
    <message>
        <source>Part of the search failed (%1).</source>
        <translation>部分搜索失败（%1）。</translation>
    </message>
    <message>
        <source>Type the printer's address, e.g. 192.168.1.50 or 192.168.1.50:9100.</source>
        <translation>请输入打印机地址，例如 192.168.1.50 或 192.168.1.50:9100。</translation>
    </message>
    <message>
        <source>A printer answers at %1. Print a test page to be sure.</source>
        <translation>%1 上有打印机应答。请打印测试页确认。</translation>
    </message>
    <message>
        <source>Nothing answers at %1. Check the address (printed on the printer's self-test page), that it is switched on and on the same network.</source>
        <translation>%1 无应答。请检查地址（见打印机自检页）、打印机是否开机并在同一网络。</translation>
    </message>
    <message>
        <source>Printing the test page…</source>
        <translation>正在打印测试页…</translation>
    </message>
    <message>
        <source>Test page sent to %1. Check the Chinese line, the ruler (it must fit the paper) and scan the QR code.</source>
        <translation>测试页已发送到%1。请检查中文行、标尺（须在纸宽之内），并扫描二维码。</translation>
    </message>
    <message>
        <source>The test page did not print: %1. Check the printer and the choices above, then press Ctrl+T again.</source>
        <translation>测试页未打印：%1。请检查打印机和上面的选项，然后再按 Ctrl+T。</translation>
    </message>
</context>
<context>
    <name>PrinterSetupPanel</name>
    <message>
        <source>Stop search</source>
        <translation>停止搜索</translation>
    </message>
    <message>
        <source>Ctrl+F  Find printers</source>
        <translation>Ctrl+F  查找打印机</translation>
    </message>
    <message>
        <source>Find printers</source>
        <translation>查找打印机</translation>
    </message>
    <message>
        <source>Checking %1…</source>
        <translation>正在检查 %1…</translation>
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
    <name>ReceivingDesk</name>
    <message>
        <source>Receiving</source>
        <translation>到货</translation>
    </message>
    <message>
        <source>Scan the order, then its shelf slot</source>
        <translation>先扫订单，再扫货架位</translation>
    </message>
    <message>
        <source>Scan a manifest number, or pick one with ↑ ↓ and Enter</source>
        <translation>扫描配送单号，或用 ↑ ↓ 选择后按 Enter</translation>
    </message>
    <message>
        <source>Scan a carton, product barcode or order bag</source>
        <translation>扫描箱码、商品条码或订单袋</translation>
    </message>
    <message>
        <source>Not a manifest: %1</source>
        <translation>不是配送单：%1</translation>
    </message>
    <message>
        <source>Open a manifest first: scan its number, or pick it with ↑ ↓ and Enter.</source>
        <translation>请先打开配送单：扫描单号，或用 ↑ ↓ 选择后按 Enter。</translation>
    </message>
    <message>
        <source>Back to counting</source>
        <translation>返回清点</translation>
    </message>
    <message>
        <source>Nothing was confirmed. Ctrl+Enter shows the discrepancies again.</source>
        <translation>尚未确认。按 Ctrl+Enter 可再次查看差异。</translation>
    </message>
    <message>
        <source>Counting %1</source>
        <translation>正在清点 %1</translation>
    </message>
    <message>
        <source>Scan cartons, products or order bags. Ctrl+Enter confirms; Esc goes back (the counts are kept).</source>
        <translation>扫描箱码、商品或订单袋。Ctrl+Enter 确认；Esc 返回（已点数量会保留）。</translation>
    </message>
    <message>
        <source>Counts are whole numbers</source>
        <translation>数量须为整数</translation>
    </message>
    <message>
        <source>Type the number of units, e.g. 12, and press Enter.</source>
        <translation>请输入件数（如 12），然后按 Enter。</translation>
    </message>
    <message>
        <source>No photo taken</source>
        <translation>未拍照</translation>
    </message>
    <message>
        <source>No camera is on. The line is counted without a photo.</source>
        <translation>摄像头未开启。此行已计数，没有照片。</translation>
    </message>
    <message>
        <source>Confirm receiving %1?</source>
        <translation>确认签收 %1？</translation>
    </message>
    <message>
        <source>Ctrl+Enter again confirms; Esc goes back to counting.</source>
        <translation>再按 Ctrl+Enter 确认；按 Esc 返回继续清点。</translation>
    </message>
    <message>
        <source>Every line is complete.</source>
        <translation>所有明细均已到齐。</translation>
    </message>
    <message>
        <source>%1 line(s) short, %2 with extra goods, %3 with damage.</source>
        <translation>%1 行缺货，%2 行多货，%3 行破损。</translation>
    </message>
    <message>
        <source>Scan to slot finished</source>
        <translation>扫码上架已结束</translation>
    </message>
    <message>
        <source>Order %1</source>
        <translation>订单 %1</translation>
    </message>
    <message>
        <source>Now scan the shelf slot label (e.g. A-3-017).</source>
        <translation>请扫描货架位标签（如 A-3-017）。</translation>
    </message>
    <message>
        <source>%1 → slot %2</source>
        <translation>%1 → 货架位 %2</translation>
    </message>
    <message>
        <source>A new label is printing.</source>
        <translation>新的取件标签正在打印。</translation>
    </message>
    <message>
        <source>Scan the next order.</source>
        <translation>请扫描下一个订单。</translation>
    </message>
    <message>
        <source>Import manifest file</source>
        <translation>导入配送单文件</translation>
    </message>
    <message>
        <source>Manifest (*.json)</source>
        <translation>配送单 (*.json)</translation>
    </message>
    <message>
        <source>Manifest %1 imported</source>
        <translation>配送单 %1 已导入</translation>
    </message>
    <message>
        <source>Pick it with ↑ ↓ and Enter, or scan its number.</source>
        <translation>用 ↑ ↓ 选择后按 Enter，或扫描单号。</translation>
    </message>
</context>
<context>
    <name>ReceivingMessages</name>
    <message>
        <source>Carton</source>
        <translation>整箱</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Order bag</source>
        <translation>订单袋</translation>
    </message>
    <message>
        <source>%1 +%2: %3</source>
        <translation>%1 +%2：%3</translation>
    </message>
    <message>
        <source>Line %1 saved: %2</source>
        <translation>第 %1 行已保存：%2</translation>
    </message>
    <message>
        <source>%1 of %2 received</source>
        <translation>已收 %1 / %2</translation>
    </message>
    <message>
        <source>%1 damaged</source>
        <translation>破损 %1</translation>
    </message>
    <message>
        <source>Not on the manifest: counted as extra goods.</source>
        <translation>不在配送单上：按多货计入。</translation>
    </message>
    <message>
        <source>Received %1: %2 orders ready, %3 short, %4 labels printing</source>
        <translation>已签收 %1：%2 个订单可提货，%3 个缺货，%4 张标签正在打印</translation>
    </message>
    <message>
        <source>Short orders are ready with their missing goods marked; the handover shows them.</source>
        <translation>缺货订单也可提货，缺少的商品已标记；提货时会显示。</translation>
    </message>
    <message>
        <source>%1 order(s) wait to be sorted into their bags: sort them on the sorting desk (Alt+0).</source>
        <translation>%1 个订单等待分拣装袋：请在分拣台（Alt+0）分拣。</translation>
    </message>
    <message>
        <source>%1 order(s) got none of their goods and still wait.</source>
        <translation>%1 个订单的商品均未到，继续等待。</translation>
    </message>
    <message>
        <source>The shelf is full: %1 order(s) have no slot. Scan them to a slot (Ctrl+L) once one is free.</source>
        <translation>货架已满：%1 个订单没有货架位。有空位后请扫码上架 (Ctrl+L)。</translation>
    </message>
    <message>
        <source>Put the orders on their slots with their labels.</source>
        <translation>请将订单连同取件标签放到对应货架位。</translation>
    </message>
    <message>
        <source>No such manifest: %1</source>
        <translation>没有此配送单：%1</translation>
    </message>
    <message>
        <source>Pull the latest data (F7) or import the manifest file.</source>
        <translation>请同步最新数据 (F7)，或导入配送单文件。</translation>
    </message>
    <message>
        <source>Manifest already received: %1</source>
        <translation>配送单已签收：%1</translation>
    </message>
    <message>
        <source>Nothing was changed. Its goods are in stock.</source>
        <translation>未做任何更改。该单货品已入库存。</translation>
    </message>
    <message>
        <source>Unknown code: %1</source>
        <translation>未知编码：%1</translation>
    </message>
    <message>
        <source>No carton, product or order bag of this manifest has this code. Nothing was counted; type the count instead (↑ ↓, Ctrl+T).</source>
        <translation>本配送单中没有此编码的箱、商品或订单袋。未计数；请改为手动输入数量（↑ ↓，Ctrl+T）。</translation>
    </message>
    <message>
        <source>Bag %1 was already counted</source>
        <translation>订单袋 %1 已清点过</translation>
    </message>
    <message>
        <source>A bag counts once. Nothing was added.</source>
        <translation>每个订单袋只计一次。未增加数量。</translation>
    </message>
    <message>
        <source>Count refused for %1</source>
        <translation>%1 的数量无效</translation>
    </message>
    <message>
        <source>Counts are 0 to 100,000 units. Nothing was saved.</source>
        <translation>数量须在 0 到 100,000 件之间。未保存。</translation>
    </message>
    <message>
        <source>Unknown item %1</source>
        <translation>未知商品 %1</translation>
    </message>
    <message>
        <source>It is not in the catalogue. Nothing was saved.</source>
        <translation>该商品不在商品目录中。未保存。</translation>
    </message>
    <message>
        <source>Unknown reason for %1</source>
        <translation>%1 的原因无效</translation>
    </message>
    <message>
        <source>Pick a reason with Ctrl+R.</source>
        <translation>请按 Ctrl+R 选择原因。</translation>
    </message>
    <message>
        <source>Note too long for %1</source>
        <translation>%1 的备注过长</translation>
    </message>
    <message>
        <source>Keep the note under 200 characters.</source>
        <translation>备注请少于 200 字。</translation>
    </message>
    <message>
        <source>Deliveries are received at counter %1</source>
        <translation>到货在 %1 号柜台收货</translation>
    </message>
    <message>
        <source>Receive it there. If that PC is out of order, a manager makes this counter the receiving one in F2.</source>
        <translation>请到那个柜台收货。如果那台电脑坏了，请店长在 F2 里把本柜台设为收货柜台。</translation>
    </message>
    <message>
        <source>Unknown order %1</source>
        <translation>未知订单 %1</translation>
    </message>
    <message>
        <source>Scan the order's label again.</source>
        <translation>请重新扫描订单的取件标签。</translation>
    </message>
    <message>
        <source>Order %1 is not waiting on the shelf</source>
        <translation>订单 %1 不是待提货订单</translation>
    </message>
    <message>
        <source>Only ready orders get a slot.</source>
        <translation>只有待提货订单才分配货架位。</translation>
    </message>
    <message>
        <source>No such slot: %2</source>
        <translation>没有此货架位：%2</translation>
    </message>
    <message>
        <source>Scan a slot label of this shelf, e.g. A-3-017. Nothing was changed.</source>
        <translation>请扫描本站货架的货架位标签，如 A-3-017。未做任何更改。</translation>
    </message>
    <message>
        <source>Slot %2 is taken by %3</source>
        <translation>货架位 %2 已被 %3 占用</translation>
    </message>
    <message>
        <source>Pick another slot, or move that order first. Nothing was changed.</source>
        <translation>请换一个货架位，或先移走该订单。未做任何更改。</translation>
    </message>
    <message>
        <source>Slots are given at counter %3</source>
        <translation>货架位在 %3 号柜台分配</translation>
    </message>
    <message>
        <source>Put the order on its slot there. Nothing was changed.</source>
        <translation>请到那个柜台上架。没有做任何更改。</translation>
    </message>
    <message>
        <source>Manifest refused: %1</source>
        <translation>配送单无法导入：%1</translation>
    </message>
    <message>
        <source>Nothing was imported. Ask head office for a corrected manifest.</source>
        <translation>未导入任何数据。请向总部索取更正后的配送单。</translation>
    </message>
    <message>
        <source>Not allowed</source>
        <translation>无权操作</translation>
    </message>
    <message>
        <source>The signed-in staff cannot confirm receiving.</source>
        <translation>当前登录的员工无权确认签收。</translation>
    </message>
</context>
<context>
    <name>ReceivingScreen</name>
    <message>
        <source>Scan to slot (Ctrl+L)</source>
        <translation>扫码上架 (Ctrl+L)</translation>
    </message>
    <message>
        <source>Open manifests</source>
        <translation>待签收配送单</translation>
    </message>
    <message>
        <source>Deliveries to receive; ↑ ↓ and Enter open one</source>
        <translation>待签收的配送单；↑ ↓ 选择，Enter 打开</translation>
    </message>
    <message>
        <source>No manifest waiting. They arrive with the sync, or import one from a file (Ctrl+I).</source>
        <translation>没有待签收的配送单。配送单会随同步到达，也可从文件导入 (Ctrl+I)。</translation>
    </message>
    <message>
        <source>Import manifest file (Ctrl+I)</source>
        <translation>导入配送单文件 (Ctrl+I)</translation>
    </message>
    <message>
        <source>Take photo (Ctrl+P)</source>
        <translation>拍照 (Ctrl+P)</translation>
    </message>
    <message>
        <source>Reason (Ctrl+R)</source>
        <translation>原因 (Ctrl+R)</translation>
    </message>
    <message>
        <source>Confirm receiving (Ctrl+Enter)</source>
        <translation>确认签收 (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Receiving: open manifests</source>
        <translation>到货：待签收配送单</translation>
    </message>
    <message>
        <source>%1  ·  %2  ·  %3 lines  ·  %4 / %5 units  ·  %6 orders</source>
        <translation>%1  ·  %2  ·  %3 行  ·  %4 / %5 件  ·  %6 个订单</translation>
    </message>
    <message>
        <source>Manifest %1 · %2 · bags %3 / %4</source>
        <translation>配送单 %1 · %2 · 订单袋 %3 / %4</translation>
    </message>
    <message>
        <source>%1 / %2 units</source>
        <translation>%1 / %2 件</translation>
    </message>
    <message numerus="yes">
        <source>%n line(s) short</source>
        <translation>
            <numerusform>%n 行缺货</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n line(s) extra</source>
        <translation>
            <numerusform>%n 行多货</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 damaged</source>
        <translation>破损 %1</translation>
    </message>
</context>
<context>
    <name>RecentPanel</name>
    <message>
        <source>Recent handovers</source>
        <translation>最近提货</translation>
    </message>
    <message>
        <source>The last handovers, newest first</source>
        <translation>最近的提货记录，最新的在前</translation>
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
    <name>ReportsDesk</name>
    <message>
        <source>Today (Ctrl+1)</source>
        <translation>今日 (Ctrl+1)</translation>
    </message>
    <message>
        <source>Day / range (Ctrl+2)</source>
        <translation>日/期间 (Ctrl+2)</translation>
    </message>
    <message>
        <source>Staff (Ctrl+3)</source>
        <translation>员工 (Ctrl+3)</translation>
    </message>
    <message>
        <source>Refresh (Ctrl+R)</source>
        <translation>刷新 (Ctrl+R)</translation>
    </message>
    <message>
        <source>Save CSV (Ctrl+E)</source>
        <translation>导出 CSV (Ctrl+E)</translation>
    </message>
    <message>
        <source>Save PDF (Ctrl+D)</source>
        <translation>导出 PDF (Ctrl+D)</translation>
    </message>
    <message>
        <source>Print (Ctrl+P)</source>
        <translation>打印 (Ctrl+P)</translation>
    </message>
    <message>
        <source>Due today</source>
        <translation>今日到期</translation>
    </message>
    <message>
        <source>Waiting on the shelf</source>
        <translation>待提货</translation>
    </message>
    <message>
        <source>Handed over today</source>
        <translation>今日已提货</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>滞留</translation>
    </message>
    <message>
        <source>Not arrived</source>
        <translation>待到货</translation>
    </message>
    <message>
        <source>Sales today</source>
        <translation>今日销售额</translation>
    </message>
    <message>
        <source>Refunds today</source>
        <translation>今日退款</translation>
    </message>
    <message>
        <source>Stock alerts</source>
        <translation>库存预警</translation>
    </message>
    <message>
        <source>Waiting to send</source>
        <translation>待上传</translation>
    </message>
    <message>
        <source>Pickups per hour</source>
        <translation>每小时取件</translation>
    </message>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>Section</source>
        <translation>分类</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>Report figures</source>
        <translation>报表数据</translation>
    </message>
    <message>
        <source>One row per figure of the report</source>
        <translation>每行一项报表数据</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>员工</translation>
    </message>
    <message>
        <source>Handovers</source>
        <translation>取件</translation>
    </message>
    <message>
        <source>Sales</source>
        <translation>销售笔数</translation>
    </message>
    <message>
        <source>Sales total</source>
        <translation>销售额</translation>
    </message>
    <message>
        <source>Refunds</source>
        <translation>退款笔数</translation>
    </message>
    <message>
        <source>Refunds total</source>
        <translation>退款额</translation>
    </message>
    <message>
        <source>Manifests received</source>
        <translation>收货单</translation>
    </message>
    <message>
        <source>Figures per staff</source>
        <translation>员工数据</translation>
    </message>
    <message>
        <source>One row per staff member</source>
        <translation>每行一位员工</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>报表</translation>
    </message>
    <message>
        <source>Type a day (2026-11-20) or two days for a range, and press Enter</source>
        <translation>输入日期 (2026-11-20) 或两个日期查期间，按回车</translation>
    </message>
    <message>
        <source>Not a date: %1</source>
        <translation>不是日期：%1</translation>
    </message>
    <message>
        <source>Type a day as 2026-11-20, or two days for a range.</source>
        <translation>请按 2026-11-20 格式输入日期，或输入两个日期查期间。</translation>
    </message>
    <message>
        <source>The range ends before it starts</source>
        <translation>结束日期早于开始日期</translation>
    </message>
    <message>
        <source>Set the first day on or before the last day (at most a year).</source>
        <translation>开始日期不能晚于结束日期（最长一年）。</translation>
    </message>
    <message>
        <source>%1 sales · %2 refunds · net %3</source>
        <translation>销售 %1 笔 · 退款 %2 笔 · 净额 %3</translation>
    </message>
    <message>
        <source>Stock alerts: %1</source>
        <translation>库存预警：%1</translation>
    </message>
    <message>
        <source>Sync: %1 waiting to send, last success %2, %3 open attention items</source>
        <translation>同步：待上传 %1 条，上次成功 %2，待处理事项 %3 项</translation>
    </message>
    <message>
        <source>Pickups</source>
        <translation>取件</translation>
    </message>
    <message>
        <source>Staff figures %1</source>
        <translation>员工数据 %1</translation>
    </message>
    <message>
        <source>Figures</source>
        <translation>汇总</translation>
    </message>
    <message>
        <source>Report saved</source>
        <translation>报表已保存</translation>
    </message>
    <message>
        <source>Save report</source>
        <translation>保存报表</translation>
    </message>
    <message>
        <source>The report could not be saved</source>
        <translation>报表未能保存</translation>
    </message>
    <message>
        <source>%1. Choose another folder (a USB stick may be full or read-only).</source>
        <translation>%1。请选择其他文件夹（U 盘可能已满或为只读）。</translation>
    </message>
    <message>
        <source>Printing %1</source>
        <translation>正在打印 %1</translation>
    </message>
    <message>
        <source>Take the slip from the receipt printer.</source>
        <translation>请从小票机取单。</translation>
    </message>
</context>
<context>
    <name>ReturnShipmentPage</name>
    <message>
        <source>Item</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Scanned</source>
        <translation>已扫</translation>
    </message>
    <message>
        <source>Return shipment lines</source>
        <translation>退货出库明细</translation>
    </message>
    <message>
        <source>One row per item going back to head office</source>
        <translation>每行一件退回总部的商品</translation>
    </message>
    <message>
        <source>Add refused / returned goods (Ctrl+G)</source>
        <translation>添加拒收 / 退货商品 (Ctrl+G)</translation>
    </message>
    <message>
        <source>Take line out (Ctrl+D)</source>
        <translation>移出此行 (Ctrl+D)</translation>
    </message>
    <message>
        <source>Ship and print list (Ctrl+Enter)</source>
        <translation>发出并打印清单 (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>No return shipment open · Ctrl+G adds refused/returned goods</source>
        <translation>无进行中的退货出库 · Ctrl+G 添加拒收/退货商品</translation>
    </message>
    <message>
        <source>%1 · %2/%3 scanned</source>
        <translation>%1 · 已扫 %2/%3</translation>
    </message>
    <message>
        <source>Shipped %1 · no shipment open</source>
        <translation>已发出 %1 · 无进行中的退货出库</translation>
    </message>
</context>
<context>
    <name>ReturnsDesk</name>
    <message>
        <source>Ctrl+1  Return at the counter</source>
        <translation>Ctrl+1  柜台退货</translation>
    </message>
    <message>
        <source>Ctrl+2  Return shipment</source>
        <translation>Ctrl+2  退货出库</translation>
    </message>
    <message>
        <source>Returns</source>
        <translation>退货</translation>
    </message>
    <message>
        <source>Scan an order or item to pack it; type code*quantity to add surplus</source>
        <translation>扫描订单或商品装箱；输入 编码*数量 添加多货</translation>
    </message>
    <message>
        <source>Scan the order QR or type its pickup code; a small number sets the quantity</source>
        <translation>扫描提货二维码或输入取件码；输入小数字可设定数量</translation>
    </message>
    <message>
        <source>Quantity not possible: %1</source>
        <translation>数量无效：%1</translation>
    </message>
    <message>
        <source>Type how many units come back, from 1 to what the resident took.</source>
        <translation>请输入退回件数：1 到居民已提数量之间。</translation>
    </message>
    <message>
        <source>Quantity %1</source>
        <translation>数量 %1</translation>
    </message>
    <message>
        <source>Add the reason (Ctrl+R), then press Ctrl+Enter.</source>
        <translation>请填写原因 (Ctrl+R)，然后按 Ctrl+Enter。</translation>
    </message>
    <message>
        <source>No photo taken</source>
        <translation>未拍照</translation>
    </message>
    <message>
        <source>No camera picture is available. The return can be registered without one.</source>
        <translation>没有摄像头画面。可以不带照片登记退货。</translation>
    </message>
    <message>
        <source>Photo attached</source>
        <translation>已附照片</translation>
    </message>
    <message>
        <source>Scan the order first</source>
        <translation>请先扫描订单</translation>
    </message>
    <message>
        <source>Scan the resident's order QR or type its pickup code, pick the line with ↑ ↓, then press Ctrl+Enter.</source>
        <translation>请扫描居民的提货二维码或输入取件码，用 ↑ ↓ 选择明细，然后按 Ctrl+Enter。</translation>
    </message>
    <message>
        <source>No return shipment is open</source>
        <translation>没有进行中的退货出库</translation>
    </message>
    <message>
        <source>Add overdue orders (overdue desk) or refused goods (Ctrl+G) first.</source>
        <translation>请先添加滞留订单（滞留页面）或拒收商品 (Ctrl+G)。</translation>
    </message>
    <message>
        <source>Order %1 was not handed over</source>
        <translation>订单 %1 尚未提货</translation>
    </message>
    <message>
        <source>Only goods the resident took can come back. Its history is shown.</source>
        <translation>只有居民已提走的商品才能退货。下方显示该订单记录。</translation>
    </message>
    <message>
        <source>Order %1</source>
        <translation>订单 %1</translation>
    </message>
    <message>
        <source>Pick the line with ↑ ↓, type the quantity, give a reason (Ctrl+R) and press Ctrl+Enter.</source>
        <translation>用 ↑ ↓ 选择明细，输入数量，填写原因 (Ctrl+R)，然后按 Ctrl+Enter。</translation>
    </message>
    <message>
        <source>No order with this code</source>
        <translation>没有此编码的订单</translation>
    </message>
    <message>
        <source>Scan the order's QR or pickup code</source>
        <translation>请扫描提货二维码或取件码</translation>
    </message>
    <message>
        <source>A phone tail finds only orders still waiting here.</source>
        <translation>手机尾号只能查到本站待提货的订单。</translation>
    </message>
    <message>
        <source>Return %1 registered</source>
        <translation>退货 %1 已登记</translation>
    </message>
    <message>
        <source>%1 unit(s) back on the shelf; head office will answer the refund request. Press Ctrl+G on the return shipment to send them back.</source>
        <translation>%1 件已放回货架；总部将处理退款申请。在退货出库页按 Ctrl+G 可将其退回总部。</translation>
    </message>
    <message>
        <source>Return shipment %1: %2 unit(s)</source>
        <translation>退货出库 %1：%2 件</translation>
    </message>
    <message>
        <source>Scan every order and item out as it goes into the crate, then press Ctrl+Enter to ship.</source>
        <translation>每个订单和商品装箱时都要扫描出库，然后按 Ctrl+Enter 发出。</translation>
    </message>
    <message>
        <source>%1: %2 unit(s) scanned out</source>
        <translation>%1：已扫描出库 %2 件</translation>
    </message>
    <message>
        <source>%1 unit(s) still to scan.</source>
        <translation>还有 %1 件待扫描。</translation>
    </message>
    <message>
        <source>Everything is scanned: press Ctrl+Enter to ship.</source>
        <translation>已全部扫描：按 Ctrl+Enter 发出。</translation>
    </message>
    <message>
        <source>Return shipment %1 shipped</source>
        <translation>退货出库 %1 已发出</translation>
    </message>
    <message>
        <source>%1 unit(s), %2 order(s) returned. The list is printing: have the driver sign it.</source>
        <translation>已退回 %1 件、%2 个订单。清单正在打印：请司机签字。</translation>
    </message>
    <message>
        <source>Not allowed</source>
        <translation>无权操作</translation>
    </message>
    <message>
        <source>The signed-in staff account may not do this.</source>
        <translation>当前登录的员工账号无权执行此操作。</translation>
    </message>
</context>
<context>
    <name>ReturnsMessages</name>
    <message>
        <source>refused</source>
        <translation>拒收</translation>
    </message>
    <message>
        <source>damaged</source>
        <translation>破损</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>缺货</translation>
    </message>
    <message>
        <source>returned</source>
        <translation>退货</translation>
    </message>
    <message>
        <source>overdue</source>
        <translation>滞留</translation>
    </message>
    <message>
        <source>surplus</source>
        <translation>多货</translation>
    </message>
    <message>
        <source>taken</source>
        <translation>已提</translation>
    </message>
    <message>
        <source>, </source>
        <comment>between the lines of a handover</comment>
        <translation>、</translation>
    </message>
    <message>
        <source>%1 ×%2 (%3)</source>
        <comment>a handover line: item, quantity, outcome</comment>
        <translation>%1 ×%2（%3）</translation>
    </message>
    <message>
        <source>Handed over: %1</source>
        <translation>已提货：%1</translation>
    </message>
    <message>
        <source>Refund requested %1: %2 ×%3 (%4)</source>
        <translation>已申请退款 %1：%2 ×%3（%4）</translation>
    </message>
    <message>
        <source>Head office answered %1: %2</source>
        <translation>总部已答复 %1：%2</translation>
    </message>
    <message>
        <source>Reminder %1 sent</source>
        <translation>已发送第 %1 次提醒</translation>
    </message>
    <message>
        <source>Taken out of return shipment %1</source>
        <translation>已从退货出库单 %1 中移出</translation>
    </message>
    <message>
        <source>Put into return shipment %1</source>
        <translation>已加入退货出库单 %1</translation>
    </message>
    <message>
        <source>Shipped back to head office in %1</source>
        <translation>已随 %1 退回总部</translation>
    </message>
    <message>
        <source>Shelf slot %1 → %2</source>
        <translation>货架位 %1 → %2</translation>
    </message>
    <message>
        <source>Goods received (manifest %1), shelf slot %2</source>
        <translation>到货（配送单 %1），货架位 %2</translation>
    </message>
    <message>
        <source>short: %1</source>
        <translation>缺货：%1</translation>
    </message>
    <message>
        <source>waiting for head office</source>
        <translation>等待总部处理</translation>
    </message>
    <message>
        <source>approved</source>
        <translation>已批准</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>已拒绝</translation>
    </message>
    <message>
        <source>More than the resident took</source>
        <translation>超过居民已提数量</translation>
    </message>
    <message>
        <source>Only %1 unit(s) of this item can still come back: it was never sold to them. Nothing was written.</source>
        <translation>此商品最多还能退 %1 件：其余的并未卖给该居民。未做任何记录。</translation>
    </message>
    <message>
        <source>Quantity not possible</source>
        <translation>数量无效</translation>
    </message>
    <message>
        <source>Type how many units come back, from 1 up.</source>
        <translation>请输入退回件数，至少 1 件。</translation>
    </message>
    <message>
        <source>Give a reason</source>
        <translation>请填写原因</translation>
    </message>
    <message>
        <source>Press Ctrl+R and type or pick why the goods come back; head office needs it for the refund.</source>
        <translation>按 Ctrl+R 输入或选择退货原因；总部退款时需要。</translation>
    </message>
    <message>
        <source>Not in this order</source>
        <translation>不属于此订单</translation>
    </message>
    <message>
        <source>%1 is not part of the order. Nothing was written.</source>
        <translation>%1 不在此订单中。未做任何记录。</translation>
    </message>
    <message>
        <source>Not handed over here</source>
        <translation>非本柜台提货</translation>
    </message>
    <message>
        <source>Order %1 was not handed over at this counter, so nothing of it can come back here.</source>
        <translation>订单 %1 不是在本柜台提货的，不能在这里退货。</translation>
    </message>
    <message>
        <source>No order with this code</source>
        <translation>没有此编码的订单</translation>
    </message>
    <message>
        <source>Not everything is scanned out</source>
        <translation>尚未全部扫描出库</translation>
    </message>
    <message>
        <source>Scan these before shipping: %1</source>
        <translation>发出前请扫描：%1</translation>
    </message>
    <message>
        <source>An order was collected meanwhile</source>
        <translation>有订单已被居民提走</translation>
    </message>
    <message>
        <source>Take it out of the shipment (↑ ↓, Ctrl+D), then ship: %1</source>
        <translation>请将其移出退货出库（↑ ↓，Ctrl+D），然后发出：%1</translation>
    </message>
    <message>
        <source>The shipment is empty</source>
        <translation>退货出库中没有商品</translation>
    </message>
    <message>
        <source>Add goods before shipping.</source>
        <translation>请先添加商品再发出。</translation>
    </message>
    <message>
        <source>Not in this shipment: %1</source>
        <translation>不在本次退货出库中：%1</translation>
    </message>
    <message>
        <source>Keep it on the shelf, or add it to the shipment first.</source>
        <translation>请留在货架上，或先将其加入退货出库。</translation>
    </message>
    <message>
        <source>Already scanned: %1</source>
        <translation>已扫描：%1</translation>
    </message>
    <message>
        <source>Every unit of it is already in the crate. Do not pack it twice.</source>
        <translation>已全部装箱，请勿重复装箱。</translation>
    </message>
    <message>
        <source>No refused or returned goods waiting</source>
        <translation>没有待退回的拒收或退货商品</translation>
    </message>
    <message>
        <source>Everything refused or brought back is already in a shipment.</source>
        <translation>所有拒收或退货商品均已加入退货出库。</translation>
    </message>
    <message>
        <source>More than the stock book shows</source>
        <translation>超过账面库存</translation>
    </message>
    <message>
        <source>At most: %1. Count the shelf first.</source>
        <translation>最多：%1。请先盘点货架。</translation>
    </message>
    <message>
        <source>No item with this code</source>
        <translation>没有此编码的商品</translation>
    </message>
    <message>
        <source>Type code*quantity with a quantity from 1 up.</source>
        <translation>请输入 编码*数量，数量至少为 1。</translation>
    </message>
    <message>
        <source>No return shipment is open</source>
        <translation>没有进行中的退货出库</translation>
    </message>
    <message>
        <source>Add overdue orders (overdue desk) or refused goods (Ctrl+G) first.</source>
        <translation>请先添加滞留订单（滞留页面）或拒收商品 (Ctrl+G)。</translation>
    </message>
    <message>
        <source>Not possible: %1</source>
        <translation>无法执行：%1</translation>
    </message>
</context>
<context>
    <name>SalesDesk</name>
    <message>
        <source>Sales</source>
        <translation>零售</translation>
    </message>
</context>
<context>
    <name>SalesMessages</name>
    <message>
        <source>Cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <source>WeChat Pay</source>
        <translation>微信支付</translation>
    </message>
    <message>
        <source>Alipay</source>
        <translation>支付宝</translation>
    </message>
    <message>
        <source>Bank card</source>
        <translation>银行卡</translation>
    </message>
    <message>
        <source>Sale %1 total %2, change %3</source>
        <translation>销售 %1 合计 %2，找零 %3</translation>
    </message>
    <message>
        <source>Sale %1 total %2, paid by %3</source>
        <translation>销售 %1 合计 %2，支付方式：%3</translation>
    </message>
    <message>
        <source>The receipt is printing. Scan the next customer's goods.</source>
        <translation>小票正在打印。请扫描下一位顾客的商品。</translation>
    </message>
    <message>
        <source>Refund %1: pay back %2</source>
        <translation>退款 %1：应退 %2</translation>
    </message>
    <message>
        <source>Give the customer %1 by %2; the goods are back in stock. The refund receipt is printing.</source>
        <translation>请用%2退给顾客 %1；商品已退回库存。退款小票正在打印。</translation>
    </message>
    <message>
        <source>No shift open</source>
        <translation>尚未开班</translation>
    </message>
    <message>
        <source>Cash needs the drawer of your shift. Press Ctrl+O to open one with its float; the refund waits.</source>
        <translation>现金须进出您班次的钱箱。请按 Ctrl+O 输入备用金开班；本次退款保留。</translation>
    </message>
    <message>
        <source>Cash needs the drawer of your shift. Press Ctrl+O to open one with its float; the sale waits. WeChat Pay, Alipay and card (Ctrl+2…4) need no shift.</source>
        <translation>现金须进出您班次的钱箱。请按 Ctrl+O 输入备用金开班；本单保留。微信支付、支付宝和银行卡（Ctrl+2…4）无需开班。</translation>
    </message>
    <message>
        <source>Not an amount: %1</source>
        <translation>金额无效：%1</translation>
    </message>
    <message>
        <source>Type the amount in yuan, for example 100 or 12.50, and press Enter.</source>
        <translation>请输入金额（元），例如 100 或 12.50，然后按 Enter。</translation>
    </message>
    <message>
        <source>Not a quantity: %1</source>
        <translation>数量无效：%1</translation>
    </message>
    <message>
        <source>Type * and a number from 1 to %1 (for example *3), then Enter.</source>
        <translation>请输入 * 加 1 到 %1 的数字（例如 *3），然后按 Enter。</translation>
    </message>
    <message>
        <source>%1 removed</source>
        <translation>已移除 %1</translation>
    </message>
    <message>
        <source>Total now %1. Scan the next item, or press Enter to take payment.</source>
        <translation>当前合计 %1。扫描下一件商品，或按 Enter 收款。</translation>
    </message>
    <message>
        <source>Empty the cart?</source>
        <translation>清空购物车？</translation>
    </message>
    <message numerus="yes">
        <source>Press Esc again to remove all %n item(s).</source>
        <translation>
            <numerusform>再按 Esc 移除全部 %n 件商品。</numerusform>
        </translation>
    </message>
    <message>
        <source>a discount of %1</source>
        <translation>优惠 %1</translation>
    </message>
    <message>
        <source>No discount</source>
        <translation>不优惠</translation>
    </message>
    <message>
        <source>The manager did not approve it; the price stays.</source>
        <translation>站长未批准，价格不变。</translation>
    </message>
    <message>
        <source>To pay: %1</source>
        <translation>应付：%1</translation>
    </message>
    <message>
        <source>To pay: %1 by %2</source>
        <translation>应收：%1（%2）</translation>
    </message>
    <message>
        <source>Type what the customer handed over (e.g. 100) and press Enter; the change shows here.</source>
        <translation>输入顾客付的金额（如 100）后按 Enter，找零显示在这里。</translation>
    </message>
    <message>
        <source>Shift %1 is open</source>
        <translation>班次 %1 已开班</translation>
    </message>
    <message>
        <source>Cash goes into its drawer.</source>
        <translation>现金收入该班次的钱箱。</translation>
    </message>
    <message>
        <source>Shift %1 opened with float %2</source>
        <translation>班次 %1 已开班，备用金 %2</translation>
    </message>
    <message>
        <source>Refund: scan the sale receipt</source>
        <translation>退款：请扫描销售小票</translation>
    </message>
    <message>
        <source>a refund of %1</source>
        <translation>小票 %1 退款</translation>
    </message>
    <message>
        <source>Refund not approved</source>
        <translation>退款未获批准</translation>
    </message>
    <message>
        <source>Nothing was refunded. Press Enter to ask again, or Esc to leave the refund.</source>
        <translation>未退款。按 Enter 重新申请，或按 Esc 退出退款。</translation>
    </message>
    <message>
        <source>No item with barcode %1</source>
        <translation>没有条码为 %1 的商品</translation>
    </message>
    <message>
        <source>Nothing was added. Scan the item again, or type its SKU from the shelf label (e.g. VEG-001).</source>
        <translation>未添加商品。请重新扫描，或输入货架标签上的 SKU（如 VEG-001）。</translation>
    </message>
    <message>
        <source>The cart is empty</source>
        <translation>购物车是空的</translation>
    </message>
    <message>
        <source>Scan the customer's goods first.</source>
        <translation>请先扫描顾客的商品。</translation>
    </message>
    <message>
        <source>Quantity not accepted: %1</source>
        <translation>数量无效：%1</translation>
    </message>
    <message>
        <source>Nothing was sold. Quantities are whole numbers from 1 to %1.</source>
        <translation>未完成销售。数量须为 1 到 %1 的整数。</translation>
    </message>
    <message>
        <source>The catalogue changed: %1</source>
        <translation>商品目录已变更：%1</translation>
    </message>
    <message>
        <source>Nothing was sold. Press Esc twice to empty the cart and scan the goods again.</source>
        <translation>未完成销售。请按两次 Esc 清空购物车，然后重新扫描商品。</translation>
    </message>
    <message>
        <source>This staff account may not sell</source>
        <translation>此员工账号无权销售</translation>
    </message>
    <message>
        <source>Nothing was recorded. Sign in with an active account.</source>
        <translation>未做任何记录。请用有效账号登录。</translation>
    </message>
    <message>
        <source>A manager must approve this</source>
        <translation>此操作需站长审批</translation>
    </message>
    <message>
        <source>Nothing was recorded. Ask the station manager to approve, then try again.</source>
        <translation>未做任何记录。请站长审批后重试。</translation>
    </message>
    <message>
        <source>Discount not accepted</source>
        <translation>优惠金额无效</translation>
    </message>
    <message>
        <source>A discount cannot be negative or more than the subtotal. Press Ctrl+D to set it again.</source>
        <translation>优惠不能为负数，也不能超过小计。请按 Ctrl+D 重新设置。</translation>
    </message>
    <message>
        <source>Unknown payment method</source>
        <translation>未知支付方式</translation>
    </message>
    <message>
        <source>Choose cash, WeChat Pay, Alipay or card (Ctrl+1…4).</source>
        <translation>请选择现金、微信支付、支付宝或银行卡 (Ctrl+1…4)。</translation>
    </message>
    <message>
        <source>Not enough cash given</source>
        <translation>实收现金不足</translation>
    </message>
    <message>
        <source>Nothing was sold. Type the cash the customer gave (at least the total) and press Enter.</source>
        <translation>未完成销售。请输入顾客付的现金（不少于合计）后按 Enter。</translation>
    </message>
    <message>
        <source>Type the cash given</source>
        <translation>请输入实收现金</translation>
    </message>
    <message>
        <source>The amount is missing or far above the total. Type what the customer gave and press Enter.</source>
        <translation>金额未填或远超合计。请输入顾客实付金额后按 Enter。</translation>
    </message>
    <message>
        <source>Payment reference missing</source>
        <translation>缺少支付流水号</translation>
    </message>
    <message>
        <source>Scan or type the transaction number shown on the customer's phone or the card slip, then press Enter.</source>
        <translation>请扫描或输入顾客手机上或刷卡凭条上的交易号，然后按 Enter。</translation>
    </message>
    <message>
        <source>Not a payment reference</source>
        <translation>支付流水号无效</translation>
    </message>
    <message>
        <source>A reference is 4 to 64 letters and digits. Scan or type it again.</source>
        <translation>流水号为 4 到 64 位字母和数字。请重新扫描或输入。</translation>
    </message>
    <message>
        <source>More than the book shows: %1</source>
        <translation>超过账面数量：%1</translation>
    </message>
    <message>
        <source>Type why the goods are here (for example 'delivery not booked') and press Enter.</source>
        <translation>请输入货品在店的原因（例如“到货未入账”）后按 Enter。</translation>
    </message>
    <message>
        <source>No sale with receipt code %1</source>
        <translation>没有小票号为 %1 的销售</translation>
    </message>
    <message>
        <source>Nothing was refunded. Scan the QR code on the sale receipt, or type its number (S-…).</source>
        <translation>未退款。请扫描销售小票上的二维码，或输入小票号 (S-…)。</translation>
    </message>
    <message>
        <source>%1 is a refund receipt</source>
        <translation>%1 是退款小票</translation>
    </message>
    <message>
        <source>A refund cannot be refunded. Scan the original sale receipt.</source>
        <translation>退款小票不能再退款。请扫描原销售小票。</translation>
    </message>
    <message>
        <source>Not sold on this receipt: %1</source>
        <translation>此小票未售出该商品：%1</translation>
    </message>
    <message>
        <source>Nothing was refunded. Only goods on this receipt can come back here.</source>
        <translation>未退款。只能退此小票上的商品。</translation>
    </message>
    <message>
        <source>More than was sold: %1</source>
        <translation>超过售出数量：%1</translation>
    </message>
    <message>
        <source>Nothing was refunded. Only what was sold and not yet refunded can come back.</source>
        <translation>未退款。只能退已售出且尚未退款的商品。</translation>
    </message>
    <message>
        <source>Nothing chosen to refund</source>
        <translation>未选择要退的商品</translation>
    </message>
    <message>
        <source>Pick lines with ↑ ↓ and press + or Space, or scan the returned goods.</source>
        <translation>用 ↑ ↓ 选行后按 + 或 Space，或扫描退回的商品。</translation>
    </message>
    <message>
        <source>A reason is needed</source>
        <translation>请填写原因</translation>
    </message>
    <message>
        <source>Type the reason and press Enter.</source>
        <translation>请输入原因后按 Enter。</translation>
    </message>
</context>
<context>
    <name>SalesScale</name>
    <message>
        <source>%1 is sold by weight</source>
        <translation>%1 按重量销售</translation>
    </message>
    <message>
        <source>No counter scale is set up: scan the label the scale printed for it.</source>
        <translation>未设置电子秤：请扫描秤打印的条码标签。</translation>
    </message>
    <message>
        <source>Put %1 on the scale</source>
        <translation>请将%1放到秤上</translation>
    </message>
    <message>
        <source>It is added when the weight is steady. Esc: not weighed; Ctrl+T: tare.</source>
        <translation>重量稳定后自动加入。Esc：不称了；Ctrl+T：去皮。</translation>
    </message>
    <message>
        <source>Not weighed</source>
        <translation>未称重</translation>
    </message>
    <message>
        <source>Scale tared</source>
        <translation>已去皮</translation>
    </message>
    <message>
        <source>The counter scale is not answering</source>
        <translation>计价秤没有响应</translation>
    </message>
    <message>
        <source>Check its cable and that it is on. Sales go on: scan the labels the scale printed, or sell other goods.</source>
        <translation>请检查连接线和秤是否开机。销售可以继续：扫描秤打印的标签，或销售其他商品。</translation>
    </message>
    <message>
        <source>The counter scale is back</source>
        <translation>计价秤已恢复连接</translation>
    </message>
    <message>
        <source>Put %1 on the scale.</source>
        <translation>请把%1放到秤上。</translation>
    </message>
</context>
<context>
    <name>SalesScreen</name>
    <message>
        <source>What to type now</source>
        <translation>当前输入提示</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>Cart</source>
        <translation>购物车</translation>
    </message>
    <message>
        <source>One row per product: quantity, unit price and amount; ↑ ↓ choose</source>
        <translation>每行一件商品：数量、单价和金额；↑ ↓ 选择</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>找零</translation>
    </message>
    <message>
        <source>Cash given, e.g. 100</source>
        <translation>实收现金，如 100</translation>
    </message>
    <message>
        <source>Payment reference</source>
        <translation>支付流水号</translation>
    </message>
    <message>
        <source>Discount in yuan, e.g. 5</source>
        <translation>优惠金额（元），如 5</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Sale receipt code (S-…)</source>
        <translation>销售小票号 (S-…)</translation>
    </message>
    <message>
        <source>Float in yuan, e.g. 500</source>
        <translation>备用金（元），例如 500</translation>
    </message>
    <message>
        <source>Scan the product barcode, or type its SKU</source>
        <translation>扫描商品条码，或输入 SKU</translation>
    </message>
    <message>
        <source>Refund: scan the receipt</source>
        <translation>退款：请扫描小票</translation>
    </message>
    <message>
        <source>Walk-in sale</source>
        <translation>门店零售</translation>
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
        <source>Price</source>
        <translation>单价</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message numerus="yes">
        <source>%n item(s)</source>
        <translation>
            <numerusform>%n 件</numerusform>
        </translation>
    </message>
    <message>
        <source>Subtotal %1</source>
        <translation>小计 %1</translation>
    </message>
    <message>
        <source>Discount −%1 (manager approved)</source>
        <translation>优惠 −%1（站长已批准）</translation>
    </message>
    <message>
        <source>Total %1</source>
        <translation>合计 %1</translation>
    </message>
    <message>
        <source>Refund of %1 (%2)</source>
        <translation>退款 %1（%2）</translation>
    </message>
    <message>
        <source>Sold</source>
        <translation>已售</translation>
    </message>
    <message>
        <source>Refundable</source>
        <translation>可退</translation>
    </message>
    <message>
        <source>Refund now</source>
        <translation>本次退</translation>
    </message>
    <message>
        <source>Sold for %1, discount %2</source>
        <translation>售价 %1，优惠 %2</translation>
    </message>
    <message>
        <source>Goods %1 − their share of the discount %2</source>
        <translation>商品 %1 − 分摊的优惠 %2</translation>
    </message>
    <message>
        <source>Pay back %1</source>
        <translation>应退 %1</translation>
    </message>
    <message>
        <source>Payment: %1</source>
        <translation>支付方式：%1</translation>
    </message>
    <message>
        <source>Cash given %1</source>
        <translation>实收 %1</translation>
    </message>
    <message>
        <source>Change %1</source>
        <translation>找零 %1</translation>
    </message>
    <message>
        <source>Reference %1</source>
        <translation>流水号 %1</translation>
    </message>
    <message>
        <source>Ctrl+1 Cash · Ctrl+2 WeChat Pay · Ctrl+3 Alipay · Ctrl+4 Bank card</source>
        <translation>Ctrl+1 现金 · Ctrl+2 微信支付 · Ctrl+3 支付宝 · Ctrl+4 银行卡</translation>
    </message>
    <message>
        <source>Last refund %1</source>
        <translation>上一笔退款 %1</translation>
    </message>
    <message>
        <source>Paid back %1 by %2</source>
        <translation>已退 %1（%2）</translation>
    </message>
    <message>
        <source>Last sale %1</source>
        <translation>上一笔 %1</translation>
    </message>
    <message>
        <source>Scan the goods.</source>
        <translation>请扫描商品。</translation>
    </message>
    <message>
        <source>Scan more goods, or press Enter to take payment.</source>
        <translation>继续扫描商品，或按 Enter 收款。</translation>
    </message>
    <message>
        <source>Type the discount in yuan and press Enter (a manager approves it). Enter alone: no discount.</source>
        <translation>输入优惠金额（元）后按 Enter（需站长审批）。直接按 Enter：不优惠。</translation>
    </message>
    <message>
        <source>%1: selling %2 but only %3 are free to sell (%4 kept for ready orders). Type why and press Enter.</source>
        <translation>%1：要卖 %2 件，但可售仅 %3 件（%4 件留给待提货订单）。请输入原因后按 Enter。</translation>
    </message>
    <message>
        <source>Scan the QR code on the sale receipt, or type its number.</source>
        <translation>扫描销售小票上的二维码，或输入小票号。</translation>
    </message>
    <message>
        <source>Choose what comes back: ↑ ↓ line, + − or *N quantity, Space all of the line, or scan the goods. Enter continues.</source>
        <translation>选择要退的商品：↑ ↓ 选行，+ − 或 *N 设数量，Space 整行全退，或扫描商品。按 Enter 继续。</translation>
    </message>
    <message>
        <source>Type the reason for the refund and press Enter; a manager approves it.</source>
        <translation>输入退款原因后按 Enter，需站长审批。</translation>
    </message>
    <message>
        <source>Open a shift: type the float counted into the drawer (yuan) and press Enter. Esc goes back.</source>
        <translation>开班：输入放入钱箱的备用金（元）并按回车。Esc 返回。</translation>
    </message>
    <message>
        <source>No shift open: press Ctrl+O to open one with its float (the sale waits), or take WeChat Pay, Alipay or card (Ctrl+2…4).</source>
        <translation>尚未开班：按 Ctrl+O 输入备用金开班（本单保留），或改用微信支付、支付宝或银行卡（Ctrl+2…4）。</translation>
    </message>
    <message>
        <source>Type the cash given and press Enter; Enter again confirms the sale.</source>
        <translation>输入实收现金后按 Enter；再按 Enter 确认销售。</translation>
    </message>
    <message>
        <source>Scan or type the payment reference, then press Enter to confirm the sale.</source>
        <translation>扫描或输入支付流水号，然后按 Enter 确认销售。</translation>
    </message>
    <message>
        <source>↑ ↓ line · + − quantity · *3 Enter: quantity 3 · Delete remove · Ctrl+D discount · Enter pay · Ctrl+R or scan a receipt: refund · Esc Esc empty cart</source>
        <translation>↑ ↓ 选行 · + − 数量 · *3 Enter：数量 3 · Delete 删除 · Ctrl+D 优惠 · Enter 收款 · Ctrl+R 或扫小票：退款 · Esc Esc 清空购物车</translation>
    </message>
    <message>
        <source>Ctrl+O open a shift · Esc back</source>
        <translation>Ctrl+O 开班 · Esc 返回</translation>
    </message>
    <message>
        <source>Esc back</source>
        <translation>Esc 返回</translation>
    </message>
</context>
<context>
    <name>ScalePanel</name>
    <message>
        <source>Counter scale</source>
        <translation>计价秤</translation>
    </message>
    <message>
        <source>Pole display</source>
        <translation>客显</translation>
    </message>
    <message>
        <source>Scale labels (barcode rules)</source>
        <translation>称重条码（条码规则）</translation>
    </message>
    <message>
        <source>Scale port</source>
        <translation>秤的端口</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>通讯协议</translation>
    </message>
    <message>
        <source>Scale baud rate</source>
        <translation>秤的波特率</translation>
    </message>
    <message>
        <source>Display port</source>
        <translation>客显端口</translation>
    </message>
    <message>
        <source>Display baud rate</source>
        <translation>客显波特率</translation>
    </message>
    <message>
        <source>Display font</source>
        <translation>客显字库</translation>
    </message>
    <message>
        <source>Preset (make of scale)</source>
        <translation>预设（秤的品牌）</translation>
    </message>
    <message>
        <source>Preset rules</source>
        <translation>预设规则</translation>
    </message>
    <message>
        <source>Own rules, one a line</source>
        <translation>本站规则，每行一条</translation>
    </message>
    <message>
        <source>Sample code</source>
        <translation>样例条码</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Empty: no scale. simulator: the demo's scale.</source>
        <translation>留空：不用秤。simulator：演示用的模拟秤。</translation>
    </message>
    <message>
        <source>Empty: no pole display. virtual: one on screen only.</source>
        <translation>留空：不用客显。virtual：只在屏幕上模拟。</translation>
    </message>
    <message>
        <source>Continuous (Aclas, Dahua: sends by itself)</source>
        <translation>连续发送（顶尖、大华：秤自动发送）</translation>
    </message>
    <message>
        <source>SICS (Mettler Toledo: answers when asked)</source>
        <translation>SICS（梅特勒-托利多：问答式）</translation>
    </message>
    <message>
        <source>Chinese font (GB18030)</source>
        <translation>中文字库（GB18030）</translation>
    </message>
    <message>
        <source>Chinese font (GBK)</source>
        <translation>中文字库（GBK）</translation>
    </message>
    <message>
        <source>No Chinese font: amounts only</source>
        <translation>无中文字库：只显示金额</translation>
    </message>
    <message>
        <source>Aclas</source>
        <translation>顶尖（Aclas）</translation>
    </message>
    <message>
        <source>Dahua</source>
        <translation>大华（Dahua）</translation>
    </message>
    <message>
        <source>Odoo's defaults</source>
        <translation>Odoo 默认规则</translation>
    </message>
    <message>
        <source>Toledo</source>
        <translation>托利多（Toledo）</translation>
    </message>
    <message>
        <source>None: only the station's own rules</source>
        <translation>无：只用本站规则</translation>
    </message>
    <message>
        <source>Ctrl+W  Read the scale</source>
        <translation>Ctrl+W  读秤</translation>
    </message>
    <message>
        <source>Read the scale</source>
        <translation>读秤</translation>
    </message>
    <message>
        <source>Ctrl+T  Tare</source>
        <translation>Ctrl+T  去皮</translation>
    </message>
    <message>
        <source>Tare</source>
        <translation>去皮</translation>
    </message>
    <message>
        <source>Ctrl+D  Show test text</source>
        <translation>Ctrl+D  显示测试文字</translation>
    </message>
    <message>
        <source>Show test text on the pole display</source>
        <translation>在客显上显示测试文字</translation>
    </message>
    <message>
        <source>Own barcode rules</source>
        <translation>本站条码规则</translation>
    </message>
    <message>
        <source>e.g. 21.....{price:NNNDD}</source>
        <translation>例如 21.....{price:NNNDD}</translation>
    </message>
    <message>
        <source>Scan or type a scale label, then Enter</source>
        <translation>扫描或输入秤签条码，然后按回车</translation>
    </message>
    <message>
        <source>Sample scale label</source>
        <translation>秤签条码样例</translation>
    </message>
    <message>
        <source>Choose the scale's port first (simulator: the demo's scale).</source>
        <translation>请先选择秤的端口（simulator：演示用的模拟秤）。</translation>
    </message>
    <message>
        <source>Reading the scale on %1…</source>
        <translation>正在读取 %1 上的秤…</translation>
    </message>
    <message>
        <source>Press Ctrl+W to read the scale first.</source>
        <translation>请先按 Ctrl+W 读秤。</translation>
    </message>
    <message>
        <source>Tare sent: the scale shows zero now.</source>
        <translation>已去皮：秤现在显示为零。</translation>
    </message>
    <message>
        <source>steady</source>
        <translation>稳定</translation>
    </message>
    <message>
        <source>moving</source>
        <translation>不稳定</translation>
    </message>
    <message>
        <source>The scale works: a steady %1.</source>
        <translation>秤工作正常：稳定重量 %1。</translation>
    </message>
    <message>
        <source>No scale on %1: check the cable and the port name.</source>
        <translation>%1 上没有秤：请检查连接线和端口名称。</translation>
    </message>
    <message>
        <source>Nothing heard from a scale on %1: check that it is on, the protocol and the baud rate.</source>
        <translation>%1 上的秤没有回应：请检查秤是否开机、通讯协议和波特率。</translation>
    </message>
    <message>
        <source>Choose the display's port first (virtual: on screen only).</source>
        <translation>请先选择客显的端口（virtual：只在屏幕上模拟）。</translation>
    </message>
    <message>
        <source>The display shows: %1. Check it reads the same.</source>
        <translation>客显显示：%1。请核对客显上是否一样。</translation>
    </message>
    <message>
        <source>The pole display did not answer: %1. Check the port and the cable.</source>
        <translation>客显没有响应：%1。请检查端口和连接线。</translation>
    </message>
    <message>
        <source>Line %1 is not a rule and is not saved. A rule is the prefix, one dot per PLU digit, then {price:NNNDD} or {weight:NNDDD}: 13 or 18 digits with the check digit.</source>
        <translation>第 %1 行不是有效规则，不会保存。规则写法：前缀，每位 PLU 一个点，然后是 {price:NNNDD} 或 {weight:NNDDD}；连同校验位共 13 或 18 位。</translation>
    </message>
    <message>
        <source>Refused at the counter: %1.</source>
        <translation>收银台会拒收：%1。</translation>
    </message>
    <message>
        <source>No rule reads %1: it sells as an ordinary barcode.</source>
        <translation>没有规则能读取 %1：它按普通条码销售。</translation>
    </message>
    <message>
        <source>PLU %1</source>
        <translation>PLU %1</translation>
    </message>
    <message>
        <source>price ¥%1</source>
        <translation>价格 ¥%1</translation>
    </message>
    <message>
        <source>weight %1</source>
        <translation>重量 %1</translation>
    </message>
    <message>
        <source>%1 (rule %2)</source>
        <translation>%1（规则 %2）</translation>
    </message>
    <message>
        <source>the check digit is wrong (a misread)</source>
        <translation>校验位不对（读错了）</translation>
    </message>
    <message>
        <source>the price check digit is wrong (a misread)</source>
        <translation>价格校验位不对（读错了）</translation>
    </message>
    <message>
        <source>the weight is zero</source>
        <translation>重量为零</translation>
    </message>
    <message>
        <source>the weight is over 30 kg</source>
        <translation>重量超过 30 公斤</translation>
    </message>
    <message>
        <source>the price is zero</source>
        <translation>价格为零</translation>
    </message>
    <message>
        <source>the price is not believable</source>
        <translation>价格不可信</translation>
    </message>
</context>
<context>
    <name>ScaleWords</name>
    <message>
        <source>%1 is weighed already</source>
        <translation>%1 已称过</translation>
    </message>
    <message>
        <source>Nothing was added. Put all of it on the scale together, or sell the second pack in its own sale.</source>
        <translation>未加入。请把全部商品一起称，或把第二份另开一单销售。</translation>
    </message>
    <message>
        <source>Scale label misread</source>
        <translation>称重条码读错</translation>
    </message>
    <message>
        <source>No item with this scale number</source>
        <translation>没有此秤号（PLU）的商品</translation>
    </message>
    <message>
        <source>The weight is zero</source>
        <translation>重量为零</translation>
    </message>
    <message>
        <source>The weight is not believable</source>
        <translation>重量不合理</translation>
    </message>
    <message>
        <source>The label's price is zero</source>
        <translation>标签金额为零</translation>
    </message>
    <message>
        <source>The label's price is not believable</source>
        <translation>标签金额不合理</translation>
    </message>
    <message>
        <source>Scale label not accepted</source>
        <translation>称重条码无法使用</translation>
    </message>
    <message>
        <source>Nothing was added. Scan the label again, or weigh the goods again and print a new label.</source>
        <translation>未加入。请重新扫描标签，或重新称重并打印新标签。</translation>
    </message>
</context>
<context>
    <name>ScannerPage</name>
    <message>
        <source>Scanner test</source>
        <translation>扫码枪测试</translation>
    </message>
</context>
<context>
    <name>ScannerPanel</name>
    <message>
        <source>Scan any barcode or QR code now (a product, a pickup code on a phone). This checks the USB scanner; skip it if you have none.</source>
        <translation>现在请扫描任意条码或二维码（商品、手机上的提货码）。这一步检查 USB 扫码枪；没有扫码枪可以跳过。</translation>
    </message>
    <message>
        <source>Scan here</source>
        <translation>在此扫码</translation>
    </message>
    <message>
        <source>Scanner test field</source>
        <translation>扫码测试框</translation>
    </message>
    <message>
        <source>Read: %1 (%2 characters)</source>
        <translation>读取：%1（%2 个字符）</translation>
    </message>
    <message>
        <source>✔ As fast as a scanner: %1 ms per character.</source>
        <translation>✔ 速度与扫码枪相符：每个字符 %1 毫秒。</translation>
    </message>
    <message>
        <source>✘ That came slowly (%1 ms per character), as if typed by hand. If the scanner sent it, it is set too slow: see its manual (“keyboard speed”).</source>
        <translation>✘ 输入较慢（每个字符 %1 毫秒），像是手工输入。如果是扫码枪发送的，说明其速度设置过慢：请查看说明书（“键盘速度”）。</translation>
    </message>
    <message>
        <source>✔ The scanner ends each code with Enter.</source>
        <translation>✔ 扫码枪在每个码后发送回车。</translation>
    </message>
    <message>
        <source>✘ No Enter came after the code: set the scanner to add an Enter (CR) suffix with the set-up code in its manual.</source>
        <translation>✘ 码后没有回车：请用说明书中的设置码，把扫码枪设置为添加回车（CR）后缀。</translation>
    </message>
    <message>
        <source>✘ Some characters are not plain letters or digits. If the code has none, set the scanner's keyboard language to US English and its code page to GBK/GB18030 with the set-up codes in its manual, then scan again.</source>
        <translation>✘ 有些字符不是普通字母或数字。如果码里本不该有，请用说明书中的设置码把扫码枪的键盘语言设为美式英语、代码页设为 GBK/GB18030，然后重新扫描。</translation>
    </message>
</context>
<context>
    <name>SelfTest</name>
    <message>
        <source>English</source>
        <translation>简体中文</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Display and language</source>
        <translation>显示和语言</translation>
    </message>
    <message>
        <source>Station and enrolment</source>
        <translation>站点和注册</translation>
    </message>
    <message>
        <source>Printer</source>
        <translation>打印机</translation>
    </message>
    <message>
        <source>Label printer</source>
        <translation>标签打印机</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <source>Scale and pole display</source>
        <translation>电子秤与客显</translation>
    </message>
    <message>
        <source>Scanner test</source>
        <translation>扫码枪测试</translation>
    </message>
    <message>
        <source>Staff and diagnostics</source>
        <translation>员工和诊断</translation>
    </message>
    <message>
        <source>Settings pages (Ctrl+PgUp / Ctrl+PgDown)</source>
        <translation>设置页面（Ctrl+PgUp / Ctrl+PgDown）</translation>
    </message>
    <message>
        <source>Choose a page; its settings show on the right.</source>
        <translation>选择一页，右侧显示该页的设置。</translation>
    </message>
    <message>
        <source>Enrol again with this code</source>
        <translation>用此注册码重新注册</translation>
    </message>
    <message>
        <source>Staff accounts…</source>
        <translation>员工账户…</translation>
    </message>
    <message>
        <source>Staff accounts</source>
        <translation>员工账户</translation>
    </message>
    <message>
        <source>F3  Health and diagnostics…</source>
        <translation>F3  运行状况与诊断…</translation>
    </message>
    <message>
        <source>Health and diagnostics</source>
        <translation>运行状况与诊断</translation>
    </message>
    <message>
        <source>Ctrl+S  Save</source>
        <translation>Ctrl+S  保存</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Esc  Cancel</source>
        <translation>Esc  取消</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Station: %1 · %2</source>
        <translation>站点：%1 · %2</translation>
    </message>
    <message>
        <source>Demo station: its head office runs inside this app.</source>
        <translation>演示站点：其总部在本软件内运行。</translation>
    </message>
    <message>
        <source>Head office: %1</source>
        <translation>总部：%1</translation>
    </message>
    <message>
        <source>Enrolled: %1</source>
        <translation>注册时间：%1</translation>
    </message>
    <message>
        <source>Head office revoked this counter's key, or moved? Enrol again with a new one-time code for this station.</source>
        <translation>总部吊销了本柜台的密钥，或地址变了？请用本站点新的一次性注册码重新注册。</translation>
    </message>
    <message>
        <source>Not saved: %1. Check that the disk is not full, then press Ctrl+S again.</source>
        <translation>未保存：%1。请检查磁盘是否已满，然后再按 Ctrl+S。</translation>
    </message>
</context>
<context>
    <name>ShiftDesk</name>
    <message>
        <source>Shift</source>
        <translation>班次</translation>
    </message>
    <message>
        <source>Ctrl+O opens a shift</source>
        <translation>Ctrl+O 开班</translation>
    </message>
    <message>
        <source>Ctrl+I cash in · Ctrl+U cash out · Ctrl+N no sale · Ctrl+X X report · Ctrl+Enter close</source>
        <translation>Ctrl+I 存入现金 · Ctrl+U 取出现金 · Ctrl+N 无销售开钱箱 · Ctrl+X X 报表（班中） · Ctrl+Enter 交班</translation>
    </message>
    <message>
        <source>Not an amount: %1</source>
        <translation>不是金额：%1</translation>
    </message>
    <message>
        <source>Type the amount in yuan, e.g. 500 or 12.50.</source>
        <translation>请输入金额（元），如 500 或 12.50。</translation>
    </message>
    <message>
        <source>Choose what to do first</source>
        <translation>请先选择操作</translation>
    </message>
    <message>
        <source>Ctrl+O opens a shift; Ctrl+I, Ctrl+U, Ctrl+N, Ctrl+X and Ctrl+Enter work the open shift.</source>
        <translation>Ctrl+O 开班；Ctrl+I、Ctrl+U、Ctrl+N、Ctrl+X 和 Ctrl+Enter 用于当前班次。</translation>
    </message>
    <message>
        <source>Shift %1 is open</source>
        <translation>班次 %1 未交班</translation>
    </message>
    <message>
        <source>Close it (Ctrl+Enter) before opening another.</source>
        <translation>请先交班 (Ctrl+Enter)，再开新班次。</translation>
    </message>
    <message>
        <source>cash out %1: %2</source>
        <translation>取出现金 %1：%2</translation>
    </message>
    <message>
        <source>Expected %1, counted %2: %3. The Z report is printing.</source>
        <translation>应有现金 %1，实点现金 %2：%3。正在打印 Z 报表（交班）。</translation>
    </message>
    <message>
        <source>closing shift %1 with a difference: %2</source>
        <translation>班次 %1 交班，差额：%2</translation>
    </message>
    <message>
        <source>Difference not approved: %1</source>
        <translation>差额未获批准：%1</translation>
    </message>
    <message>
        <source>Cash out not approved</source>
        <translation>取出现金未获批准</translation>
    </message>
    <message>
        <source>Nothing was recorded. A manager approves every cash out.</source>
        <translation>未记录任何操作。每次取出现金都需站长批准。</translation>
    </message>
    <message>
        <source>Not a number of pieces: %1</source>
        <translation>不是有效数量：%1</translation>
    </message>
    <message>
        <source>Type how many of the selected note or coin are in the drawer (0 to %1).</source>
        <translation>请输入钱箱中所选面额的数量（0 到 %1）。</translation>
    </message>
    <message>
        <source>Shift %1 opened</source>
        <translation>班次 %1 已开班</translation>
    </message>
    <message>
        <source>Float %1 in the drawer.</source>
        <translation>钱箱备用金 %1。</translation>
    </message>
    <message>
        <source>Cash in %1 recorded</source>
        <translation>已记录存入现金 %1</translation>
    </message>
    <message>
        <source>Cash out %1 recorded</source>
        <translation>已记录取出现金 %1</translation>
    </message>
    <message>
        <source>Drawer opening recorded%1</source>
        <translation>已记录开钱箱%1</translation>
    </message>
    <message>
        <source>Shift %1</source>
        <translation>班次 %1</translation>
    </message>
    <message>
        <source>X report printing</source>
        <translation>正在打印 X 报表（班中）</translation>
    </message>
    <message>
        <source>The shift stays open.</source>
        <translation>班次仍未交班。</translation>
    </message>
    <message>
        <source>Shift %1 closed · Z report #%2</source>
        <translation>班次 %1 已交班 · Z 报表（交班）#%2</translation>
    </message>
    <message>
        <source>The shift stays open. Count the drawer again and press Ctrl+Enter, or ask a manager.</source>
        <translation>班次仍未交班。请重新清点钱箱后按 Ctrl+Enter，或联系站长。</translation>
    </message>
    <message>
        <source>No open shift</source>
        <translation>未开班</translation>
    </message>
    <message>
        <source>Press Ctrl+O to open a shift with the float counted into the drawer.</source>
        <translation>请清点放入钱箱的备用金，按 Ctrl+O 开班。</translation>
    </message>
</context>
<context>
    <name>ShiftMessages</name>
    <message>
        <source>over %1</source>
        <translation>长款 %1</translation>
    </message>
    <message>
        <source>short %1</source>
        <translation>短款 %1</translation>
    </message>
    <message>
        <source>A shift is already open</source>
        <translation>已有未交班的班次</translation>
    </message>
    <message>
        <source>Shift %1 is open for this cashier; close it first.</source>
        <translation>该收银员的班次 %1 尚未交班，请先交班。</translation>
    </message>
    <message>
        <source>Amount not possible: %1</source>
        <translation>金额无效：%1</translation>
    </message>
    <message>
        <source>Type an amount from ¥0.01 to ¥10,000.</source>
        <translation>请输入 ¥0.01 到 ¥10,000 之间的金额。</translation>
    </message>
    <message>
        <source>A reason is needed</source>
        <translation>需要填写原因</translation>
    </message>
    <message>
        <source>Type why (up to 200 characters) and press Enter.</source>
        <translation>请输入原因（最多 200 字），按回车。</translation>
    </message>
    <message>
        <source>Only a station manager can approve this</source>
        <translation>只有站长可以批准此操作</translation>
    </message>
    <message>
        <source>The count is not possible</source>
        <translation>点钞结果无效</translation>
    </message>
    <message>
        <source>Type the pieces of each note and coin again.</source>
        <translation>请重新输入各面额的数量。</translation>
    </message>
    <message>
        <source>This cashier cannot use the drawer</source>
        <translation>该收银员不能使用钱箱</translation>
    </message>
    <message>
        <source>The account is unknown or inactive. Switch cashier (F11) and sign in again.</source>
        <translation>账号不存在或已停用。请切换收银员 (F11) 后重新登录。</translation>
    </message>
    <message>
        <source>Another cashier's shift</source>
        <translation>其他收银员的班次</translation>
    </message>
    <message>
        <source>Only its cashier or a manager may work on it.</source>
        <translation>只有该班次的收银员或站长可以操作。</translation>
    </message>
    <message>
        <source>This shift's drawer is at counter %1</source>
        <translation>这个班次的钱箱在 %1 号柜台</translation>
    </message>
    <message>
        <source>Count and close it at that counter.</source>
        <translation>请到那个柜台清点并交班。</translation>
    </message>
    <message>
        <source>No open shift</source>
        <translation>未开班</translation>
    </message>
    <message>
        <source>Press Ctrl+O to open a shift with the float counted into the drawer.</source>
        <translation>请清点放入钱箱的备用金，按 Ctrl+O 开班。</translation>
    </message>
    <message>
        <source>Float</source>
        <translation>备用金</translation>
    </message>
    <message>
        <source>Sales</source>
        <translation>销售</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <source>WeChat</source>
        <translation>微信</translation>
    </message>
    <message>
        <source>Alipay</source>
        <translation>支付宝</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>银行卡</translation>
    </message>
    <message>
        <source>Refunds</source>
        <translation>退款</translation>
    </message>
    <message>
        <source>Cash in</source>
        <translation>存入现金</translation>
    </message>
    <message>
        <source>Cash out</source>
        <translation>取出现金</translation>
    </message>
    <message>
        <source>Drawer opened without a sale</source>
        <translation>无销售开钱箱</translation>
    </message>
    <message>
        <source>Handovers</source>
        <translation>提货</translation>
    </message>
    <message>
        <source>exception lines</source>
        <translation>异常记录</translation>
    </message>
    <message>
        <source>Expected cash</source>
        <translation>应有现金</translation>
    </message>
    <message>
        <source>hidden until the count (blind)</source>
        <translation>点钞后显示（盲点）</translation>
    </message>
    <message>
        <source>Counted cash</source>
        <translation>实点现金</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>差额</translation>
    </message>
</context>
<context>
    <name>ShiftScreen</name>
    <message>
        <source>Open shift (Ctrl+O) · Cash in (Ctrl+I) · Cash out (Ctrl+U) · No sale (Ctrl+N) · X report (Ctrl+X) · Close shift (Ctrl+Enter)</source>
        <translation>开班 (Ctrl+O) · 存入现金 (Ctrl+I) · 取出现金 (Ctrl+U) · 无销售开钱箱 (Ctrl+N) · X 报表（班中）(Ctrl+X) · 交班 (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Shift figures</source>
        <translation>班次数据</translation>
    </message>
    <message>
        <source>One row per figure of the shift</source>
        <translation>每行一项班次数据</translation>
    </message>
    <message>
        <source>Cash count</source>
        <translation>点钞</translation>
    </message>
    <message>
        <source>One row per note or coin: pieces counted and their amount</source>
        <translation>每行一种面额：点数和金额</translation>
    </message>
    <message>
        <source>Note / coin</source>
        <translation>面额</translation>
    </message>
    <message>
        <source>Pieces</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>No shift open · Ctrl+O opens one</source>
        <translation>未开班 · 按 Ctrl+O 开班</translation>
    </message>
    <message>
        <source>Shift %1 · %2 · opened %3</source>
        <translation>班次 %1 · %2 · %3 开班</translation>
    </message>
    <message>
        <source>cash in</source>
        <translation>存入现金</translation>
    </message>
    <message>
        <source>cash out</source>
        <translation>取出现金</translation>
    </message>
    <message>
        <source>drawer opening without a sale</source>
        <translation>无销售开钱箱</translation>
    </message>
    <message>
        <source>Type the float counted into the drawer (yuan) and press Enter</source>
        <translation>输入放入钱箱的备用金（元），按回车</translation>
    </message>
    <message>
        <source>Type the amount of the %1 (yuan) and press Enter</source>
        <translation>输入%1金额（元），按回车</translation>
    </message>
    <message>
        <source>Type the reason for the %1 and press Enter</source>
        <translation>输入%1的原因，按回车</translation>
    </message>
    <message>
        <source>Type the pieces of the selected note or coin and press Enter (↑ ↓ to choose); Ctrl+Enter submits the count</source>
        <translation>输入所选面额的数量后按回车（↑ ↓ 选择）；Ctrl+Enter 提交点钞结果</translation>
    </message>
    <message>
        <source>Counted %1</source>
        <translation>实点 %1</translation>
    </message>
    <message>
        <source>expected %1</source>
        <translation>应有 %1</translation>
    </message>
    <message>
        <source>Counted %1 · %2</source>
        <translation>实点 %1 · %2</translation>
    </message>
</context>
<context>
    <name>ShortcutsHelp</name>
    <message>
        <source>Keys (F1)</source>
        <translation>按键（F1）</translation>
    </message>
    <message>
        <source>Every key that works now. Esc or F1 closes this list.</source>
        <translation>当前可用的所有按键。按 Esc 或 F1 关闭本列表。</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>按键</translation>
    </message>
    <message>
        <source>What it does</source>
        <translation>作用</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>按键</translation>
    </message>
    <message>
        <source>One row per key: the key, then what it does on the desk on show.</source>
        <translation>每行一个按键：按键，以及它在当前工作台上的作用。</translation>
    </message>
    <message>
        <source>Everywhere</source>
        <translation>全局</translation>
    </message>
    <message>
        <source>(see the desk)</source>
        <translation>（见工作台上的说明）</translation>
    </message>
</context>
<context>
    <name>SignIn</name>
    <message>
        <source>Wrong PIN. %1 tries left before the account locks.</source>
        <translation>PIN 错误。再错 %1 次账号将被锁定。</translation>
    </message>
    <message>
        <source>Too many wrong PINs: this account is locked for %1 minutes, until %2. Another staff member can sign in, or a manager can set a new PIN.</source>
        <translation>PIN 错误次数过多：该账号锁定 %1 分钟，至 %2 解锁。可由其他店员登录，或请站长重设 PIN。</translation>
    </message>
    <message>
        <source>Too many wrong PINs: this account is locked: ask a manager to reset your PIN. Another staff member can sign in meanwhile.</source>
        <translation>PIN 错误次数过多：该账号已锁定，请站长重设您的 PIN。其间可由其他店员登录。</translation>
    </message>
    <message>
        <source>This account is no longer active. Ask the station manager.</source>
        <translation>该账号已停用，请联系站长。</translation>
    </message>
    <message>
        <source>No PIN is set for this account yet. Ask the station manager to set one.</source>
        <translation>该账号尚未设置 PIN，请站长设置。</translation>
    </message>
    <message>
        <source>Only a station manager can approve this. Choose a manager.</source>
        <translation>只有站长可以批准此操作，请选择站长。</translation>
    </message>
    <message>
        <source>Not allowed. Choose your name and type your PIN again.</source>
        <translation>不允许。请选择姓名并重新输入 PIN。</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>Switch cashier</source>
        <translation>切换收银员</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>%1 — choose your name (↑ ↓), type your PIN and press Enter.</source>
        <translation>%1 — 选择您的姓名（↑ ↓），输入 PIN 后按回车。</translation>
    </message>
</context>
<context>
    <name>SlotMode</name>
    <message>
        <source>Scan to slot: now scan the slot for %1</source>
        <translation>扫码上架：请扫描 %1 的货架位</translation>
    </message>
    <message>
        <source>Scan to slot: scan the order's label or number</source>
        <translation>扫码上架：扫描订单的取件标签或单号</translation>
    </message>
</context>
<context>
    <name>SortingDesk</name>
    <message>
        <source>Sorting</source>
        <translation>分拣</translation>
    </message>
    <message>
        <source>Scan each item going into bag %1</source>
        <translation>逐件扫描装入 %1 袋的商品</translation>
    </message>
    <message>
        <source>Scan a product or carton to sort it, or a bag label to sort by order</source>
        <translation>扫描商品或整箱条码按商品分拣，扫描袋标签按单分拣</translation>
    </message>
    <message>
        <source>Sign in with an active staff account to sort</source>
        <translation>请用在职员工账号登录后分拣</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Ordered</source>
        <translation>订购</translation>
    </message>
    <message>
        <source>In bags</source>
        <translation>已装袋</translation>
    </message>
    <message>
        <source>Short</source>
        <translation>缺货</translation>
    </message>
    <message>
        <source>To place</source>
        <translation>待分拣</translation>
    </message>
    <message>
        <source>What is left to sort</source>
        <translation>待分拣商品</translation>
    </message>
    <message>
        <source>One row per product (per item of the bag when sorting by order): ordered, in bags, short and still to place</source>
        <translation>每行一种商品（按单分拣时为袋中每件商品）：订购、已装袋、缺货和待分拣</translation>
    </message>
    <message>
        <source>Where the goods go</source>
        <translation>商品放到哪里</translation>
    </message>
    <message>
        <source>Ctrl+Z undo the last · Ctrl+S the rest of this product is short · Ctrl+L bag labels · Ctrl+P sheet by product · Ctrl+Shift+P by slot · Ctrl+B by building · Esc back to sorting by product</source>
        <translation>Ctrl+Z 撤销上一件 · Ctrl+S 此商品余下缺货 · Ctrl+L 打印袋标签 · Ctrl+P 分拣单（按商品）· Ctrl+Shift+P 按货架位 · Ctrl+B 按楼栋 · Esc 返回按商品分拣</translation>
    </message>
    <message>
        <source>%1 of %2 units in this bag</source>
        <translation>此袋已装 %1/%2 件</translation>
    </message>
    <message>
        <source>%1 of this product still to place</source>
        <translation>此商品还剩 %1 件待分拣</translation>
    </message>
    <message>
        <source>Scan each item going into this bag</source>
        <translation>逐件扫描装入此袋的商品</translation>
    </message>
    <message>
        <source>Scan a product: the desk shows which bag it goes into</source>
        <translation>扫描商品：屏幕显示它放进哪一袋</translation>
    </message>
    <message>
        <source>By order: %1</source>
        <translation>按单分拣：%1</translation>
    </message>
    <message>
        <source>By product</source>
        <translation>按商品分拣</translation>
    </message>
    <message>
        <source>%1 · orders sorted %2 of %3 · units placed %4 of %5, %6 short</source>
        <translation>%1 · 已分完订单 %2/%3 · 已装袋 %4/%5 件，缺货 %6 件</translation>
    </message>
</context>
<context>
    <name>SortingMessages</name>
    <message>
        <source>phone tail %1</source>
        <translation>尾号 %1</translation>
    </message>
    <message>
        <source>no slot: %1</source>
        <translation>无货架位：%1</translation>
    </message>
    <message>
        <source>%1 ×%2 → %3</source>
        <translation>%1 ×%2 → %3</translation>
    </message>
    <message>
        <source>Order %1 is sorted: every unit is in its bag.</source>
        <translation>订单 %1 已分拣完成：全部商品已装袋。</translation>
    </message>
    <message>
        <source>%1 of %2 units are in the bag.</source>
        <translation>此袋已装 %1/%2 件。</translation>
    </message>
    <message>
        <source>%1 of this product still to place.</source>
        <translation>此商品还剩 %1 件待分拣。</translation>
    </message>
    <message>
        <source>Sorting order %1 · %2</source>
        <translation>按单分拣 %1 · %2</translation>
    </message>
    <message>
        <source>Scan each item as it goes into the bag. Esc goes back to sorting by product.</source>
        <translation>每装一件扫一件。按 Esc 返回按商品分拣。</translation>
    </message>
    <message>
        <source>Take it out of the bag at %1.</source>
        <translation>请把它从 %1 的袋中取出。</translation>
    </message>
    <message>
        <source>Order %1 is not sorted any more.</source>
        <translation>订单 %1 已恢复为未分拣。</translation>
    </message>
    <message>
        <source>Undone: %1 ×%2</source>
        <translation>已撤销：%1 ×%2</translation>
    </message>
    <message>
        <source>%1: %2 unit(s) short</source>
        <translation>%1：缺 %2 件</translation>
    </message>
    <message>
        <source>%1 order(s) get it as a shortage; the handover marks it missing.</source>
        <translation>%1 个订单记为缺货；提货时标为缺货。</translation>
    </message>
    <message>
        <source>Unknown code: %1</source>
        <translation>无法识别的条码：%1</translation>
    </message>
    <message>
        <source>Nothing was counted. Scan the product's barcode, its carton label or a bag label.</source>
        <translation>未计数。请扫描商品条码、整箱标签或袋标签。</translation>
    </message>
    <message>
        <source>%1 is not in today's deliveries</source>
        <translation>%1 不在今天的到货中</translation>
    </message>
    <message>
        <source>Nothing was counted. Put it aside: no order waiting to be sorted needs it.</source>
        <translation>未计数。请放到一边：没有待分拣的订单需要它。</translation>
    </message>
    <message>
        <source>One too many: %1</source>
        <translation>多出一件：%1</translation>
    </message>
    <message>
        <source>Every unit of it is already in its bag. Put this one aside as surplus, or Ctrl+Z if one went into the wrong bag.</source>
        <translation>此商品已全部装袋。请把这件作为多货放到一边；如果有一件装错了袋，按 Ctrl+Z。</translation>
    </message>
    <message>
        <source>Wrong product: %1</source>
        <translation>商品不对：%1</translation>
    </message>
    <message>
        <source>Order %1 did not buy it. Keep it out of this bag.</source>
        <translation>订单 %1 没有买它。请不要放进这个袋。</translation>
    </message>
    <message>
        <source>Order %1 has all it bought of it already.</source>
        <translation>订单 %1 的这件商品已经装够了。</translation>
    </message>
    <message>
        <source>Another station's bag: %1</source>
        <translation>非本站的袋子：%1</translation>
    </message>
    <message>
        <source>This bag is not for this station. Put it aside for the driver.</source>
        <translation>这个袋子不是本站的。请放到一边交给司机。</translation>
    </message>
    <message>
        <source>Order %1 is not waiting to be sorted</source>
        <translation>订单 %1 不在待分拣中</translation>
    </message>
    <message>
        <source>Nothing to undo</source>
        <translation>没有可撤销的操作</translation>
    </message>
    <message>
        <source>Too late to undo</source>
        <translation>已无法撤销</translation>
    </message>
    <message>
        <source>Order %1 has left the shelf since.</source>
        <translation>订单 %1 已离开货架。</translation>
    </message>
    <message>
        <source>Nothing was counted</source>
        <translation>未计数</translation>
    </message>
    <message>
        <source>Nothing to print</source>
        <translation>没有可打印的内容</translation>
    </message>
    <message>
        <source>No order is waiting to be sorted.</source>
        <translation>没有等待分拣的订单。</translation>
    </message>
    <message numerus="yes">
        <source>%n document(s) printing</source>
        <translation>
            <numerusform>正在打印 %n 份</numerusform>
        </translation>
    </message>
    <message>
        <source>Its bag is already sorted.</source>
        <translation>它的袋子已经分拣完成。</translation>
    </message>
    <message>
        <source>Its goods have not been received yet: receive the delivery first.</source>
        <translation>它的货品还没签收：请先到货签收。</translation>
    </message>
    <message>
        <source>It was handed over already.</source>
        <translation>它已经提货。</translation>
    </message>
    <message>
        <source>It was cancelled.</source>
        <translation>它已被取消。</translation>
    </message>
    <message>
        <source>It was sent back to head office.</source>
        <translation>它已退回总部。</translation>
    </message>
    <message>
        <source>It was made ready on an earlier day without sorting.</source>
        <translation>它在之前的日期已上架，未经分拣。</translation>
    </message>
</context>
<context>
    <name>StaffDialog</name>
    <message>
        <source>Staff</source>
        <translation>员工</translation>
    </message>
    <message>
        <source>Staff accounts</source>
        <translation>员工账号</translation>
    </message>
    <message>
        <source>One row per staff member</source>
        <translation>每行一位员工</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>在职</translation>
    </message>
    <message>
        <source>Locked until</source>
        <translation>锁定至</translation>
    </message>
    <message>
        <source>Add… (Ctrl+N)</source>
        <translation>新增… (Ctrl+N)</translation>
    </message>
    <message>
        <source>Reset PIN… (Ctrl+P)</source>
        <translation>重设 PIN… (Ctrl+P)</translation>
    </message>
    <message>
        <source>Deactivate… (Delete)</source>
        <translation>停用… (Delete)</translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation>关闭 (Esc)</translation>
    </message>
    <message>
        <source>Clerk</source>
        <translation>店员</translation>
    </message>
    <message>
        <source>Station manager</source>
        <translation>站长</translation>
    </message>
    <message>
        <source>PIN again</source>
        <translation>再输一次 PIN</translation>
    </message>
    <message>
        <source>Add (Enter)</source>
        <translation>新增 (Enter)</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>New PIN</source>
        <translation>新 PIN</translation>
    </message>
    <message>
        <source>New PIN again</source>
        <translation>再输一次新 PIN</translation>
    </message>
    <message>
        <source>Set PIN (Enter)</source>
        <translation>设置 PIN (Enter)</translation>
    </message>
    <message>
        <source>4–8 digits, a station manager's 6–8; never a run like 1234 or a repeat like 1111.</source>
        <translation>4–8 位数字，站长为 6–8 位；不能用 1234 这样的连号或 1111 这样的重复数字。</translation>
    </message>
    <message>
        <source>Until a manager resets the PIN</source>
        <translation>待站长重设 PIN</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <source>The staff list could not be read: %1</source>
        <translation>无法读取员工列表：%1</translation>
    </message>
    <message>
        <source>Select someone in the list first (↑ ↓).</source>
        <translation>请先在列表中选择一位员工（↑ ↓）。</translation>
    </message>
    <message>
        <source>New PIN for %1</source>
        <translation>为 %1 设置新 PIN</translation>
    </message>
    <message>
        <source>The two PINs differ. Type the PIN twice.</source>
        <translation>两次输入的 PIN 不一致，请重新输入两次。</translation>
    </message>
    <message>
        <source>%1 added.</source>
        <translation>已新增 %1。</translation>
    </message>
    <message>
        <source>New PIN set for %1.</source>
        <translation>已为 %1 设置新 PIN。</translation>
    </message>
    <message>
        <source>%1 is already deactivated.</source>
        <translation>%1 已停用。</translation>
    </message>
    <message>
        <source>You cannot deactivate your own account.</source>
        <translation>不能停用自己的账号。</translation>
    </message>
    <message>
        <source>Deactivate</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>Deactivate %1? They can no longer sign in. Their history is kept.</source>
        <translation>停用 %1？停用后不能再登录，历史记录会保留。</translation>
    </message>
    <message>
        <source>%1 deactivated.</source>
        <translation>已停用 %1。</translation>
    </message>
    <message>
        <source>Nothing was saved: %1</source>
        <translation>未保存任何内容：%1</translation>
    </message>
    <message>
        <source>That PIN is easy to guess (a run like 1234 or a repeat like 1111): choose another. Nothing was saved.</source>
        <translation>这个 PIN 太容易被猜到（如 1234 这样的连号或 1111 这样的重复数字），请换一个。未保存任何内容。</translation>
    </message>
    <message>
        <source>A station manager's PIN has 6 to 8 digits. Nothing was saved.</source>
        <translation>站长的 PIN 为 6 到 8 位数字。未保存任何内容。</translation>
    </message>
    <message>
        <source>A PIN is 4 to 8 digits. Nothing was saved.</source>
        <translation>PIN 为 4 到 8 位数字。未保存任何内容。</translation>
    </message>
    <message>
        <source>Type a name (at most %1 characters). Nothing was saved.</source>
        <translation>请输入姓名（最多 %1 个字）。未保存任何内容。</translation>
    </message>
    <message>
        <source>Choose a role. Nothing was saved.</source>
        <translation>请选择角色。未保存任何内容。</translation>
    </message>
    <message>
        <source>Only a station manager can change staff accounts. Nothing was saved.</source>
        <translation>只有站长可以修改员工账号。未保存任何内容。</translation>
    </message>
    <message>
        <source>This account is deactivated: its PIN cannot be set.</source>
        <translation>该账号已停用，不能设置 PIN。</translation>
    </message>
    <message>
        <source>This staff member no longer exists. Nothing was saved.</source>
        <translation>该员工已不存在。未保存任何内容。</translation>
    </message>
    <message>
        <source>Refused (%1). Nothing was saved.</source>
        <translation>已拒绝（%1）。未保存任何内容。</translation>
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
    <name>StartupProblemDialog</name>
    <message>
        <source>The counter cannot start</source>
        <translation>柜台程序无法启动</translation>
    </message>
    <message>
        <source>Command for support</source>
        <translation>给技术支持的命令</translation>
    </message>
    <message>
        <source>Ctrl+R  Restore the latest backup</source>
        <translation>Ctrl+R  恢复最近的备份</translation>
    </message>
    <message>
        <source>Restore the latest backup</source>
        <translation>恢复最近的备份</translation>
    </message>
    <message>
        <source>Esc  Close</source>
        <translation>Esc  关闭</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>The counter app is already open</source>
        <translation>柜台程序已经打开</translation>
    </message>
    <message>
        <source>Another window of the counter app uses %1. Switch to it (Alt+Tab), or close it and start again.</source>
        <translation>另一个柜台程序窗口正在使用 %1。请切换到它（Alt+Tab），或者关闭它后重新启动。</translation>
    </message>
    <message>
        <source>The data folder cannot be written</source>
        <translation>数据文件夹无法写入</translation>
    </message>
    <message>
        <source>The counter keeps its records in %1, and this account cannot write there (a read-only disk or missing permission). Nothing was changed. Ask IT to give write access, or start the app on another folder with --data-dir.</source>
        <translation>柜台的记录保存在 %1，但当前账户无法写入（磁盘只读或没有权限）。没有任何数据被改动。请让 IT 人员开通写入权限，或用 --data-dir 指定另一个文件夹启动程序。</translation>
    </message>
    <message>
        <source>%1 --data-dir &lt;another folder&gt;</source>
        <translation>%1 --data-dir &lt;另一个文件夹&gt;</translation>
    </message>
    <message>
        <source>The disk is full</source>
        <translation>磁盘已满</translation>
    </message>
    <message>
        <source>There is no room left on the disk of %1, so the counter cannot open its records. Nothing was lost. Free space (delete old files, empty the recycle bin), then start the app again.</source>
        <translation>%1 所在磁盘已没有空间，柜台无法打开记录。没有任何数据丢失。请清理空间（删除旧文件、清空回收站）后重新启动程序。</translation>
    </message>
    <message>
        <source>The station database is damaged</source>
        <translation>站点数据库已损坏</translation>
    </message>
    <message>
        <source>The file %1 cannot be read and there is no good backup in %2. Do not delete anything: call support, and copy a backup into that folder if you have one.</source>
        <translation>无法读取文件 %1，而且 %2 中没有完好的备份。请不要删除任何文件：联系技术支持；如果你有备份，请把它复制到这个文件夹。</translation>
    </message>
    <message>
        <source>The file %1 cannot be read. The latest good backup is from %2. Restoring it keeps the damaged file aside for support; what was recorded after %2 and already sent to head office is kept there.</source>
        <translation>无法读取文件 %1。最近的完好备份是 %2 的。恢复时损坏的文件会另外保留给技术支持；%2 之后记录且已上传总部的数据在总部仍有保存。</translation>
    </message>
    <message>
        <source>Restoring the backup…</source>
        <translation>正在恢复备份…</translation>
    </message>
    <message>
        <source>The backup could not be restored</source>
        <translation>备份无法恢复</translation>
    </message>
    <message>
        <source>%1
Call support; nothing was deleted.</source>
        <translation>%1
请联系技术支持；没有删除任何文件。</translation>
    </message>
</context>
<context>
    <name>StockDesk</name>
    <message>
        <source>Search name, SKU or barcode (Ctrl+F)</source>
        <translation>搜索名称、SKU 或条码 (Ctrl+F)</translation>
    </message>
    <message>
        <source>Search stock</source>
        <translation>搜索库存</translation>
    </message>
    <message>
        <source>Filter (Ctrl+G)</source>
        <translation>筛选 (Ctrl+G)</translation>
    </message>
    <message>
        <source>All items</source>
        <translation>全部商品</translation>
    </message>
    <message>
        <source>Low stock</source>
        <translation>低库存</translation>
    </message>
    <message>
        <source>Below zero</source>
        <translation>负库存</translation>
    </message>
    <message>
        <source>Moved today</source>
        <translation>今日有变动</translation>
    </message>
    <message>
        <source>In stock</source>
        <translation>有库存</translation>
    </message>
    <message>
        <source>Low-stock level, empty: none</source>
        <translation>低库存线，留空：不设</translation>
    </message>
    <message>
        <source>Low-stock level (Ctrl+L)</source>
        <translation>低库存线 (Ctrl+L)</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Book</source>
        <translation>账面</translation>
    </message>
    <message>
        <source>Low at</source>
        <translation>低库存线</translation>
    </message>
    <message>
        <source>Mark</source>
        <translation>标记</translation>
    </message>
    <message>
        <source>Last moved</source>
        <translation>最近变动</translation>
    </message>
    <message>
        <source>LOW</source>
        <translation>低库存</translation>
    </message>
    <message>
        <source>BELOW ZERO</source>
        <translation>负库存</translation>
    </message>
    <message>
        <source>Stock balances</source>
        <translation>库存余额</translation>
    </message>
    <message>
        <source>One row per item: book quantity, low-stock level, last movement</source>
        <translation>每行一件商品：账面数、低库存线、最近变动</translation>
    </message>
    <message>
        <source>Stock</source>
        <translation>库存</translation>
    </message>
    <message>
        <source>Scan a product, or type a name to search; ↑ ↓ and Enter for history</source>
        <translation>扫描商品或输入名称搜索；↑ ↓ 选择后按 Enter 查看流水</translation>
    </message>
    <message>
        <source>Choose an item first</source>
        <translation>请先选择商品</translation>
    </message>
    <message>
        <source>↑ ↓ choose an item (or scan it, or search with Ctrl+F), then Enter shows its history.</source>
        <translation>用 ↑ ↓ 选择商品（或扫码，或按 Ctrl+F 搜索），再按回车查看其流水。</translation>
    </message>
    <message numerus="yes">
        <source>%n item(s)</source>
        <translation>
            <numerusform>%n 种商品</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 low, %2 below zero</source>
        <translation>%1 种低库存，%2 种负库存</translation>
    </message>
    <message>
        <source>No item with this barcode</source>
        <translation>没有此条码的商品</translation>
    </message>
    <message>
        <source>%1 is not in the catalogue. Check the label, or search by name.</source>
        <translation>%1 不在商品目录中。请检查标签，或按名称搜索。</translation>
    </message>
    <message>
        <source>Select an item first</source>
        <translation>请先选择商品</translation>
    </message>
    <message>
        <source>Pick it with ↑ ↓ or scan it, then press Ctrl+L.</source>
        <translation>用 ↑ ↓ 选择或扫描商品，然后按 Ctrl+L。</translation>
    </message>
    <message>
        <source>%1 is no longer watched</source>
        <translation>%1 已取消低库存提醒</translation>
    </message>
    <message>
        <source>%1 marked low at %2 or fewer</source>
        <translation>%1 库存不超过 %2 时标记为低库存</translation>
    </message>
    <message>
        <source>Level not possible: %1</source>
        <translation>低库存线无效：%1</translation>
    </message>
    <message>
        <source>A low-stock level is a whole number from 0 to %1; leave it empty to stop watching the item.</source>
        <translation>低库存线须为 0 到 %1 的整数；留空则不再提醒此商品。</translation>
    </message>
    <message>
        <source>Unknown item</source>
        <translation>未知商品</translation>
    </message>
    <message>
        <source>%1 is not in the catalogue.</source>
        <translation>%1 不在商品目录中。</translation>
    </message>
    <message>
        <source>Not allowed</source>
        <translation>无权操作</translation>
    </message>
    <message>
        <source>Sign in as active staff first.</source>
        <translation>请先用有效员工账号登录。</translation>
    </message>
</context>
<context>
    <name>StockWeighing</name>
    <message>
        <source>The selected item's PLU and whether it is sold by weight</source>
        <translation>所选商品的 PLU 及是否按重量销售</translation>
    </message>
    <message>
        <source>Select an item first</source>
        <translation>请先选择商品</translation>
    </message>
    <message>
        <source>Pick it with ↑ ↓ or scan it, then press Ctrl+W.</source>
        <translation>用 ↑ ↓ 选中或扫描商品，然后按 Ctrl+W。</translation>
    </message>
    <message>
        <source>sold by weight</source>
        <translation>按重量销售</translation>
    </message>
    <message>
        <source>sold by the piece</source>
        <translation>按件销售</translation>
    </message>
    <message>
        <source>PLU %1</source>
        <translation>PLU %1</translation>
    </message>
    <message>
        <source>no PLU</source>
        <translation>无 PLU</translation>
    </message>
    <message>
        <source>%1: %2, %3</source>
        <translation>%1：%2，%3</translation>
    </message>
    <message>
        <source>PLU %1 is taken</source>
        <translation>PLU %1 已被占用</translation>
    </message>
    <message>
        <source>%1 has it. Nothing was changed: give this item another number, or take it from the other item first.</source>
        <translation>%1 已在使用。没有做任何修改：请给本商品另一个编号，或先取消那个商品的编号。</translation>
    </message>
    <message>
        <source>Not a PLU: %1</source>
        <translation>不是有效的 PLU：%1</translation>
    </message>
    <message>
        <source>A PLU is 1 to %1 digits, as the scale prints it. Nothing was changed.</source>
        <translation>PLU 是 1 到 %1 位数字，与秤上打印的一致。没有做任何修改。</translation>
    </message>
    <message>
        <source>Unknown item</source>
        <translation>未知商品</translation>
    </message>
    <message>
        <source>%1 is not in the catalogue.</source>
        <translation>商品目录中没有 %1。</translation>
    </message>
</context>
<context>
    <name>SyncWorker</name>
    <message>
        <source>this PC is no longer enrolled: a manager enrols it again (F2 → Station)</source>
        <translation>本电脑已不再注册：请站长重新注册（F2 → 站点）</translation>
    </message>
    <message>
        <source>not enrolled</source>
        <translation>未注册</translation>
    </message>
    <message>
        <source>%1 waiting, oldest %2</source>
        <translation>待上传 %1 条，最早 %2前</translation>
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
        <source>Day report %1</source>
        <translation>日结单 %1</translation>
    </message>
    <message>
        <source>Handovers</source>
        <translation>提货</translation>
    </message>
    <message>
        <source>Receipts of goods</source>
        <translation>到货签收</translation>
    </message>
    <message>
        <source>Orders put on the shelf</source>
        <translation>订单上架</translation>
    </message>
    <message>
        <source>Orders sorted into their bags</source>
        <translation>已分拣装袋的订单</translation>
    </message>
    <message>
        <source>Walk-in sales</source>
        <translation>零售</translation>
    </message>
    <message>
        <source>Sale refunds</source>
        <translation>零售退款</translation>
    </message>
    <message>
        <source>Stock counts</source>
        <translation>盘点</translation>
    </message>
    <message>
        <source>Refund requests</source>
        <translation>退款申请</translation>
    </message>
    <message>
        <source>Reminders of overdue orders</source>
        <translation>滞留提醒</translation>
    </message>
    <message>
        <source>Return shipments</source>
        <translation>退货出库</translation>
    </message>
    <message>
        <source>Shifts opened</source>
        <translation>开班</translation>
    </message>
    <message>
        <source>Cash in and out</source>
        <translation>现金存取</translation>
    </message>
    <message>
        <source>Shifts closed</source>
        <translation>交班</translation>
    </message>
    <message>
        <source>Staff changes</source>
        <translation>员工变更</translation>
    </message>
    <message>
        <source>Holding period changes</source>
        <translation>保管期变更</translation>
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
<context>
    <name>WeighingDialog</name>
    <message>
        <source>Scale: %1</source>
        <translation>称重设置：%1</translation>
    </message>
    <message>
        <source>PLU (the scale's number, empty: none)</source>
        <translation>PLU（秤上的商品编号，留空：无）</translation>
    </message>
    <message>
        <source>Sold by weight (Alt+W)</source>
        <translation>按重量销售（Alt+W）</translation>
    </message>
    <message>
        <source>weighed at the counter, priced per kilogram</source>
        <translation>在收银台称重，按公斤计价</translation>
    </message>
    <message>
        <source>PLU</source>
        <translation>PLU</translation>
    </message>
    <message>
        <source>Sold by weight</source>
        <translation>按重量销售</translation>
    </message>
    <message>
        <source>Enter  Save</source>
        <translation>回车  保存</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Esc  Cancel</source>
        <translation>Esc  取消</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>%1 then costs %2 per kilogram.</source>
        <translation>%1 将按每公斤 %2 计价。</translation>
    </message>
    <message>
        <source>%1 costs %2 per %3.</source>
        <translation>%1 每%3 %2。</translation>
    </message>
</context>
<context>
    <name>paper: X and Z reports</name>
    <message>
        <source>X report</source>
        <translation>X 报表（班中）</translation>
    </message>
    <message>
        <source>Z report</source>
        <translation>Z 报表（交班）</translation>
    </message>
    <message>
        <source>X report no.</source>
        <translation>X 报表序号</translation>
    </message>
    <message>
        <source>Z report no.</source>
        <translation>Z 报表序号</translation>
    </message>
    <message>
        <source>Shift</source>
        <translation>班次</translation>
    </message>
    <message>
        <source>Shift no.</source>
        <translation>班次号</translation>
    </message>
    <message>
        <source>Cashier</source>
        <translation>收银员</translation>
    </message>
    <message>
        <source>Opened</source>
        <translation>开班</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>交班</translation>
    </message>
    <message>
        <source>Sales</source>
        <translation>销售</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>笔数</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>Discounts</source>
        <translation>优惠</translation>
    </message>
    <message>
        <source>Refunds</source>
        <translation>退款</translation>
    </message>
    <message>
        <source>Voids</source>
        <translation>作废</translation>
    </message>
    <message>
        <source>Drawer</source>
        <translation>钱箱</translation>
    </message>
    <message>
        <source>No-sale opens</source>
        <translation>无销售开箱</translation>
    </message>
    <message>
        <source>Cash in</source>
        <translation>存入</translation>
    </message>
    <message>
        <source>Cash out</source>
        <translation>取出</translation>
    </message>
    <message>
        <source>No sale</source>
        <translation>开钱箱</translation>
    </message>
    <message>
        <source>Handovers</source>
        <translation>提货</translation>
    </message>
    <message>
        <source>Exception lines</source>
        <translation>异常行</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <source>Float</source>
        <translation>备用金</translation>
    </message>
    <message>
        <source>Expected cash</source>
        <translation>应有现金</translation>
    </message>
    <message>
        <source>Counted cash</source>
        <translation>实点现金</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>差额</translation>
    </message>
    <message>
        <source>Approved by</source>
        <translation>审批</translation>
    </message>
    <message>
        <source>Cash count</source>
        <translation>点钞</translation>
    </message>
    <message>
        <source>No cash</source>
        <translation>无现金</translation>
    </message>
    <message>
        <source>Shift still open</source>
        <translation>班次未结束</translation>
    </message>
    <message>
        <source>Shift closed</source>
        <translation>班次已结束</translation>
    </message>
</context>
<context>
    <name>paper: cash difference</name>
    <message>
        <source>over</source>
        <translation>长款</translation>
    </message>
    <message>
        <source>short</source>
        <translation>短款</translation>
    </message>
</context>
<context>
    <name>paper: handover receipt</name>
    <message>
        <source>HANDOVER RECEIPT</source>
        <translation>提货小票</translation>
    </message>
    <message>
        <source>** REPRINT **</source>
        <translation>** 重打印 **</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>站点</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>小票号</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>订单号</translation>
    </message>
    <message>
        <source>Pickup code</source>
        <translation>取件码</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>手机</translation>
    </message>
    <message>
        <source>Slot</source>
        <translation>货架位</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>操作员</translation>
    </message>
    <message>
        <source>Approved by</source>
        <translation>经理批准</translation>
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
        <source>Price</source>
        <translation>单价</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>Thank you!</source>
        <translation>谢谢惠顾</translation>
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
</context>
<context>
    <name>paper: pickup label</name>
    <message>
        <source>PICKUP LABEL</source>
        <translation>提货标签</translation>
    </message>
    <message>
        <source>** REPRINT **</source>
        <translation>** 重打印 **</translation>
    </message>
    <message>
        <source>Slot</source>
        <translation>货架位</translation>
    </message>
    <message>
        <source>none</source>
        <translation>未分配</translation>
    </message>
    <message>
        <source>Pickup code</source>
        <translation>取件码</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>顾客</translation>
    </message>
    <message>
        <source>phone tail</source>
        <translation>尾号</translation>
    </message>
    <message numerus="yes">
        <source>%n item(s)</source>
        <translation>
            <numerusform>共 %n 件</numerusform>
        </translation>
    </message>
    <message>
        <source>Short</source>
        <translation>缺货</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>站点</translation>
    </message>
</context>
<context>
    <name>paper: pole display</name>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>收款</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>找零</translation>
    </message>
    <message>
        <source>Welcome</source>
        <translation>欢迎光临</translation>
    </message>
</context>
<context>
    <name>paper: reports</name>
    <message>
        <source>Today</source>
        <translation>今日概况</translation>
    </message>
    <message>
        <source>Day report</source>
        <translation>日报表</translation>
    </message>
    <message>
        <source>Range report</source>
        <translation>期间报表</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Due today</source>
        <translation>今日到期</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>待提货</translation>
    </message>
    <message>
        <source>Handed over today</source>
        <translation>今日已提货</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>滞留</translation>
    </message>
    <message>
        <source>Not arrived</source>
        <translation>待到货</translation>
    </message>
    <message>
        <source>Pickups per hour</source>
        <translation>每小时取件</translation>
    </message>
    <message>
        <source>Sales today</source>
        <translation>今日销售</translation>
    </message>
    <message>
        <source>Stock alerts</source>
        <translation>库存预警</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <source>Waiting to send</source>
        <translation>待上传</translation>
    </message>
    <message>
        <source>Oldest waiting</source>
        <translation>最早待上传</translation>
    </message>
    <message>
        <source>Last success</source>
        <translation>上次成功</translation>
    </message>
    <message>
        <source>Open attention items</source>
        <translation>待处理事项</translation>
    </message>
    <message>
        <source>Handovers</source>
        <translation>取件</translation>
    </message>
    <message>
        <source>Orders handed over</source>
        <translation>取件单数</translation>
    </message>
    <message>
        <source>Lines taken</source>
        <translation>已取行</translation>
    </message>
    <message>
        <source>Lines not taken</source>
        <translation>未取行</translation>
    </message>
    <message>
        <source>Receiving</source>
        <translation>收货</translation>
    </message>
    <message>
        <source>Manifests received</source>
        <translation>配送单</translation>
    </message>
    <message>
        <source>Units received</source>
        <translation>收货件数</translation>
    </message>
    <message>
        <source>Units damaged</source>
        <translation>破损件数</translation>
    </message>
    <message>
        <source>Sales</source>
        <translation>销售</translation>
    </message>
    <message>
        <source>Stock and after-sales</source>
        <translation>库存与售后</translation>
    </message>
    <message>
        <source>Count adjustments</source>
        <translation>盘点调整</translation>
    </message>
    <message>
        <source>Units adjusted</source>
        <translation>调整件数</translation>
    </message>
    <message>
        <source>Return shipments</source>
        <translation>退货出库</translation>
    </message>
    <message>
        <source>Units returned</source>
        <translation>退货件数</translation>
    </message>
    <message>
        <source>Refund requests</source>
        <translation>退款申请</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>员工</translation>
    </message>
    <message>
        <source>Handovers %1 · sales %2 %3 · refunds %4</source>
        <translation>取件 %1 · 销售 %2 %3 · 退款 %4</translation>
    </message>
    <message>
        <source>Sales</source>
        <comment>number of sales</comment>
        <translation>销售笔数</translation>
    </message>
    <message>
        <source>Sales total</source>
        <translation>销售额</translation>
    </message>
    <message>
        <source>Refunds</source>
        <translation>退款笔数</translation>
    </message>
    <message>
        <source>Refunds total</source>
        <translation>退款额</translation>
    </message>
    <message>
        <source>Refunds: %1</source>
        <translation>退款：%1</translation>
    </message>
    <message>
        <source>Net</source>
        <translation>净额</translation>
    </message>
    <message>
        <source>Section</source>
        <translation>分类</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>Amount (CNY)</source>
        <translation>金额（元）</translation>
    </message>
    <message>
        <source>Manifests</source>
        <translation>收货单</translation>
    </message>
    <message>
        <source>%1 (CNY)</source>
        <translation>%1（元）</translation>
    </message>
</context>
<context>
    <name>paper: return shipment list</name>
    <message>
        <source>Return shipment list</source>
        <translation>退货出库单</translation>
    </message>
    <message>
        <source>Other goods</source>
        <translation>其他退货</translation>
    </message>
    <message>
        <source>Totals</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>单号</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>订单数</translation>
    </message>
    <message>
        <source>Lines</source>
        <translation>行数</translation>
    </message>
    <message>
        <source>Units</source>
        <translation>件数</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>经办</translation>
    </message>
    <message>
        <source>Handed to driver</source>
        <translation>交接</translation>
    </message>
    <message>
        <source>Driver</source>
        <translation>司机签字</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>overdue</source>
        <translation>滞留</translation>
    </message>
    <message>
        <source>refused</source>
        <translation>拒收</translation>
    </message>
    <message>
        <source>returned</source>
        <translation>退货</translation>
    </message>
    <message>
        <source>surplus</source>
        <translation>余货</translation>
    </message>
</context>
<context>
    <name>paper: sale receipt</name>
    <message>
        <source>SALES RECEIPT</source>
        <translation>销售小票</translation>
    </message>
    <message>
        <source>REFUND RECEIPT</source>
        <translation>退款小票</translation>
    </message>
    <message>
        <source>** REFUND **</source>
        <translation>** 退款 **</translation>
    </message>
    <message>
        <source>** REPRINT **</source>
        <translation>** 重打印 **</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>站点</translation>
    </message>
    <message>
        <source>Sale no</source>
        <translation>单号</translation>
    </message>
    <message>
        <source>Refund no</source>
        <translation>退款单号</translation>
    </message>
    <message>
        <source>Original</source>
        <translation>原单号</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Cashier</source>
        <translation>收银员</translation>
    </message>
    <message>
        <source>Approved by</source>
        <translation>经理批准</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Subtotal</source>
        <translation>小计</translation>
    </message>
    <message>
        <source>Discount</source>
        <translation>优惠</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>应收</translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation>退款金额</translation>
    </message>
    <message>
        <source>Paid by</source>
        <translation>支付方式</translation>
    </message>
    <message>
        <source>Refunded by</source>
        <translation>退回方式</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>支付单号</translation>
    </message>
    <message>
        <source>Cash given</source>
        <translation>实收</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>找零</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>退款原因</translation>
    </message>
    <message>
        <source>Keep this receipt for returns</source>
        <translation>退货凭此小票</translation>
    </message>
    <message>
        <source>Thank you!</source>
        <translation>谢谢惠顾</translation>
    </message>
    <message>
        <source>Price from the scale label</source>
        <translation>价格取自秤签</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <source>WeChat Pay</source>
        <translation>微信支付</translation>
    </message>
    <message>
        <source>Alipay</source>
        <translation>支付宝</translation>
    </message>
    <message>
        <source>Bank card</source>
        <translation>银行卡</translation>
    </message>
</context>
<context>
    <name>paper: sorting sheet</name>
    <message>
        <source>Sorting sheet</source>
        <translation>分拣单</translation>
    </message>
    <message>
        <source>by product</source>
        <translation>按商品</translation>
    </message>
    <message>
        <source>by slot</source>
        <translation>按货架位</translation>
    </message>
    <message>
        <source>by building</source>
        <translation>按楼栋</translation>
    </message>
    <message>
        <source>** REPRINT **</source>
        <translation>** 重打印 **</translation>
    </message>
    <message>
        <source>As of %1</source>
        <translation>截至 %1</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>订单数</translation>
    </message>
    <message>
        <source>Units to place</source>
        <translation>待分拣件数</translation>
    </message>
    <message>
        <source>phone tail</source>
        <translation>尾号</translation>
    </message>
    <message>
        <source>No address</source>
        <translation>无地址</translation>
    </message>
    <message>
        <source>Nothing left to sort</source>
        <translation>没有待分拣的商品</translation>
    </message>
    <message numerus="yes">
        <source>%n unit(s)</source>
        <translation>
            <numerusform>共 %n 件</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>paper: variance sheet</name>
    <message>
        <source>Stock count variance sheet</source>
        <translation>盘点差异表</translation>
    </message>
    <message>
        <source>Stock count</source>
        <translation>盘点</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>单号</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Approved by</source>
        <translation>审批</translation>
    </message>
    <message>
        <source>Counted SKUs</source>
        <translation>已盘商品</translation>
    </message>
    <message>
        <source>With variance</source>
        <translation>有差异</translation>
    </message>
    <message>
        <source>Variance value</source>
        <translation>差异金额</translation>
    </message>
    <message>
        <source>Variances (book → counted)</source>
        <translation>差异明细（账面→实盘）</translation>
    </message>
    <message>
        <source>No variance</source>
        <translation>无差异</translation>
    </message>
    <message>
        <source>Not counted, not adjusted</source>
        <translation>未盘，未调整</translation>
    </message>
    <message>
        <source>Book</source>
        <translation>账面</translation>
    </message>
    <message>
        <source>Variances posted to the stock ledger</source>
        <translation>差异已记入库存流水</translation>
    </message>
</context>
</TS>