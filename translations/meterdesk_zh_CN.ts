<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>md::AccountSettingsStore</name>
    <message>
        <source>A tariff is required</source>
        <translation>必须指定计费方案</translation>
    </message>
</context>
<context>
    <name>md::AlarmPolicy</name>
    <message>
        <source>normal</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>low balance (alarm 1)</source>
        <translation>余额不足（一级预警）</translation>
    </message>
    <message>
        <source>very low balance (alarm 2)</source>
        <translation>余额严重不足（二级预警）</translation>
    </message>
    <message>
        <source>arrears</source>
        <translation>欠费</translation>
    </message>
    <message>
        <source>Alarm thresholds must satisfy alarm 1 &gt;= alarm 2 &gt;= 0 (got alarm 1 = %1, alarm 2 = %2)</source>
        <translation>预警阈值必须满足 一级预警 &gt;= 二级预警 &gt;= 0（实际为 一级预警 = %1，二级预警 = %2）</translation>
    </message>
</context>
<context>
    <name>md::ApportionStore</name>
    <message>
        <source>A group needs a name of 1 to 191 characters</source>
        <translation>分组名称须为 1 到 191 个字符</translation>
    </message>
    <message>
        <source>There is already a group named &quot;%1&quot;</source>
        <translation>已有名为“%1”的分组</translation>
    </message>
    <message>
        <source>There is no meter %1</source>
        <translation>没有表 %1</translation>
    </message>
    <message>
        <source>Meter %1 belongs to an account and is billed to its wallet: only a meter of no account can be shared</source>
        <translation>表 %1 属于某个账户，费用从该账户的钱包扣除：只有不属于任何账户的表才能公摊</translation>
    </message>
    <message>
        <source>Meter %1 was removed</source>
        <translation>表 %1 已拆除</translation>
    </message>
    <message>
        <source>Meter %1 is already shared by the group &quot;%2&quot;</source>
        <translation>表 %1 已由分组“%2”公摊</translation>
    </message>
    <message>
        <source>There is no tariff &quot;%1&quot;</source>
        <translation>没有计费方案“%1”</translation>
    </message>
    <message>
        <source>The tariff &quot;%1&quot; is for %2, the meter measures %3</source>
        <translation>计费方案“%1”适用于 %2，而该表计量的是 %3</translation>
    </message>
    <message>
        <source>Account %1 is listed twice</source>
        <translation>账户 %1 重复列出</translation>
    </message>
    <message>
        <source>Account %1: a share from 0 to 1000000000</source>
        <translation>账户 %1：份额应在 0 到 1000000000 之间</translation>
    </message>
    <message>
        <source>There is no account %1</source>
        <translation>没有账户 %1</translation>
    </message>
    <message>
        <source>There is no apportionment group %1</source>
        <translation>没有公摊分组 %1</translation>
    </message>
    <message>
        <source>The group &quot;%1&quot; is not active</source>
        <translation>分组“%1”未启用</translation>
    </message>
    <message>
        <source>A period is from one day to another, at most a year and a day</source>
        <translation>期间须从某一天到另一天，最长一年零一天</translation>
    </message>
    <message>
        <source>Meter %1 now belongs to account %2 and is billed to it: it cannot be shared</source>
        <translation>表 %1 现已属于账户 %2 并向其计费：不能公摊</translation>
    </message>
    <message>
        <source>Nothing to apportion: the meter %1 used %2 from %3 to %4, which costs %5</source>
        <translation>无需公摊：表 %1 在 %3 至 %4 期间用量为 %2，费用为 %5</translation>
    </message>
    <message>
        <source>The group &quot;%1&quot; was already apportioned from %2 to %3 (run %4, %5)</source>
        <translation>分组“%1”在 %2 至 %3 期间已经公摊过（公摊批次 %4，%5）</translation>
    </message>
    <message>
        <source>An apportionment is posted inside the caller&apos;s transaction</source>
        <translation>公摊须在调用方的事务内记账</translation>
    </message>
    <message>
        <source>Apportionment run %1 is already %2</source>
        <translation>公摊批次 %1 已处于 %2 状态</translation>
    </message>
    <message>
        <source>There is no apportionment run %1</source>
        <translation>没有公摊批次 %1</translation>
    </message>
    <message>
        <source>Apportionment run %1 was decided meanwhile</source>
        <translation>公摊批次 %1 在此期间已被处理</translation>
    </message>
    <message>
        <source>Apportionment run %1 is no longer pending</source>
        <translation>公摊批次 %1 已不再等待审批</translation>
    </message>
</context>
<context>
    <name>md::Apportionment</name>
    <message>
        <source>A negative amount (%1) cannot be apportioned</source>
        <translation>负数金额（%1）不能公摊</translation>
    </message>
    <message>
        <source>Account %1 has a negative weight (%2)</source>
        <translation>账户 %1 的权重为负数（%2）</translation>
    </message>
    <message>
        <source>No account of the group has any area or share to bear %1</source>
        <translation>分组中没有任何账户有面积或份额来分摊 %1</translation>
    </message>
    <message>
        <source>The tariff %1 has no prices on %2</source>
        <translation>计费方案 %1 在 %2 没有单价</translation>
    </message>
</context>
<context>
    <name>md::Authenticator</name>
    <message>
        <source>Too many failed logins: %1 is locked for %2 minutes</source>
        <translation>登录失败次数过多：%1 已被锁定 %2 分钟</translation>
    </message>
    <message>
        <source>Wrong operator name or password</source>
        <translation>操作员账号或密码错误</translation>
    </message>
    <message>
        <source>%1 is locked after too many failed logins until %2 UTC</source>
        <translation>%1 因登录失败次数过多已被锁定至 %2（UTC）</translation>
    </message>
    <message>
        <source>%1 is deactivated</source>
        <translation>%1 已被停用</translation>
    </message>
    <message>
        <source>A password needs at least %1 characters</source>
        <translation>密码至少需要 %1 个字符</translation>
    </message>
    <message>
        <source>The password must not be the operator name</source>
        <translation>密码不能与操作员账号相同</translation>
    </message>
    <message>
        <source>The new password must differ from the old one</source>
        <translation>新密码必须与旧密码不同</translation>
    </message>
    <message>
        <source>The current password is wrong</source>
        <translation>当前密码错误</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>系统管理员</translation>
    </message>
    <message>
        <source>An operator name is 1 to 64 letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos; (got &quot;%1&quot;)</source>
        <translation>操作员账号由 1 到 64 个字母、数字、“.”、“_”或“-”组成（实际为“%1”）</translation>
    </message>
    <message>
        <source>The operator name %1 is already in use</source>
        <translation>操作员账号 %1 已被使用</translation>
    </message>
    <message>
        <source>Operator %1 does not exist</source>
        <translation>操作员 %1 不存在</translation>
    </message>
    <message>
        <source>%1 is the last active administrator</source>
        <translation>%1 是唯一在用的系统管理员</translation>
    </message>
</context>
<context>
    <name>md::Billing</name>
    <message>
        <source>Bad billing state: %1</source>
        <translation>计费状态有误：%1</translation>
    </message>
    <message>
        <source>A reading has no valid time</source>
        <translation>有一个读数没有有效时间</translation>
    </message>
    <message>
        <source>A reading has a bad register %1</source>
        <translation>有一个读数的计度器 %1 无效</translation>
    </message>
    <message>
        <source>The reading carries no register</source>
        <translation>该读数不含任何计度器示数</translation>
    </message>
    <message>
        <source>A reading in %1 cannot be billed with a tariff in %2</source>
        <translation>以 %1 计的读数不能按以 %2 计价的计费方案计费</translation>
    </message>
    <message>
        <source>The reading at %1 is not later than the previous one at %2</source>
        <translation>%1 的读数并不晚于上一条读数（%2）</translation>
    </message>
    <message>
        <source>The reading at %1 does not carry the same registers as the previous one</source>
        <translation>%1 的读数与上一次读数的计度器不一致</translation>
    </message>
    <message>
        <source>The %1 register went backwards from %2 to %3 at %4</source>
        <translation>%1 计度器在 %4 从 %2 倒退到 %3</translation>
    </message>
    <message>
        <source>No tariff version is in effect at %1</source>
        <translation>%1 没有生效的计费方案版本</translation>
    </message>
    <message>
        <source>The tariff version of %1 has no price for the %2 register</source>
        <translation>%1 的计费方案版本没有 %2 计度器的价格</translation>
    </message>
</context>
<context>
    <name>md::Channel</name>
    <message>
        <source>cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <source>WeChat Pay</source>
        <translation>微信</translation>
    </message>
    <message>
        <source>Alipay</source>
        <translation>支付宝</translation>
    </message>
    <message>
        <source>bank transfer</source>
        <translation>银行转账</translation>
    </message>
    <message>
        <source>card</source>
        <translation>刷卡</translation>
    </message>
    <message>
        <source>other</source>
        <translation>其他</translation>
    </message>
</context>
<context>
    <name>md::DeductionBatch</name>
    <message>
        <source>Internal error: a batch of deductions needs the caller&apos;s database transaction</source>
        <translation>内部错误：批量扣费需要在调用方的数据库事务中进行</translation>
    </message>
    <message>
        <source>Internal error: a batch of deductions was added to after it was written</source>
        <translation>内部错误：批量扣费写入后又被追加了扣费</translation>
    </message>
    <message>
        <source>Internal error: a batch of deductions was written twice</source>
        <translation>内部错误：批量扣费被写入了两次</translation>
    </message>
    <message>
        <source>Internal error: a batch of deductions posts %1, not zero</source>
        <translation>内部错误：批量扣费的分录合计为 %1，而不是零</translation>
    </message>
</context>
<context>
    <name>md::Ledger</name>
    <message>
        <source>An idempotency key of 1 to %1 characters is required</source>
        <translation>需要 1 到 %1 个字符的幂等键</translation>
    </message>
    <message>
        <source>The amount must be greater than zero (got %1)</source>
        <translation>金额必须大于零（实际为 %1）</translation>
    </message>
    <message>
        <source>Internal error: transaction postings sum to %1, not zero</source>
        <translation>内部错误：交易分录合计为 %1，而不是零</translation>
    </message>
    <message>
        <source>The key %1 was already used for a different operation; nothing was done</source>
        <translation>幂等键 %1 已用于另一笔操作；本次未做任何处理</translation>
    </message>
    <message>
        <source>Account %1 does not exist</source>
        <translation>账户 %1 不存在</translation>
    </message>
    <message>
        <source>Account %1 is closed</source>
        <translation>账户 %1 已销户</translation>
    </message>
    <message>
        <source>An account number of 1 to 64 characters is required</source>
        <translation>需要 1 到 64 个字符的户号</translation>
    </message>
    <message>
        <source>Account number %1 is already in use</source>
        <translation>户号 %1 已被使用</translation>
    </message>
    <message>
        <source>The service fee %1 must be at least zero and less than the payment %2</source>
        <translation>服务费 %1 必须不小于零且小于缴款金额 %2</translation>
    </message>
    <message>
        <source>The balance would be %1, over the cap of %2</source>
        <translation>余额将为 %1，超过囤积上限 %2</translation>
    </message>
    <message>
        <source>Cannot refund %1: the balance is %2</source>
        <translation>无法退费 %1：余额为 %2</translation>
    </message>
    <message>
        <source>A transfer needs two different wallets</source>
        <translation>转账需要两个不同的钱包</translation>
    </message>
    <message>
        <source>Cannot transfer %1: the balance is %2</source>
        <translation>无法转出 %1：余额为 %2</translation>
    </message>
    <message>
        <source>Transaction %1 does not exist</source>
        <translation>交易 %1 不存在</translation>
    </message>
    <message>
        <source>Transaction %1 (%2) cannot be reversed</source>
        <translation>交易 %1（%2）不能冲正</translation>
    </message>
    <message>
        <source>Transaction %1 was already reversed</source>
        <translation>交易 %1 已被冲正</translation>
    </message>
    <message>
        <source>An adjustment of zero changes nothing</source>
        <translation>调账金额为零，不会有任何变化</translation>
    </message>
</context>
<context>
    <name>md::MeterImport</name>
    <message>
        <source>a nameplate number has 1 to 64 characters without surrounding spaces</source>
        <translation>铭牌表号须为 1 到 64 个字符，首尾不能有空格</translation>
    </message>
    <message>
        <source>a bus name (as in the service configuration) of 1 to 64 characters is required</source>
        <translation>须填写 1 到 64 个字符的总线名称（与服务配置中一致）</translation>
    </message>
    <message>
        <source>a Modbus address is a unit id from 1 to 247</source>
        <translation>Modbus 地址是 1 到 247 的从站号</translation>
    </message>
    <message>
        <source>unknown Modbus register map (see docs/meters.md)</source>
        <translation>未知的 Modbus 寄存器映射（见 docs/meters.md）</translation>
    </message>
    <message>
        <source>a DL/T 645 address is the 12 digits on the nameplate</source>
        <translation>DL/T 645 地址是铭牌上的 12 位数字</translation>
    </message>
    <message>
        <source>a CJ/T 188 address is the 14 digits on the nameplate</source>
        <translation>CJ/T 188 地址是铭牌上的 14 位数字</translation>
    </message>
    <message>
        <source>the protocol is modbus, dlt645 or cjt188</source>
        <translation>协议应为 modbus、dlt645 或 cjt188</translation>
    </message>
    <message>
        <source>a register map name has at most 64 characters</source>
        <translation>寄存器映射名称最多 64 个字符</translation>
    </message>
    <message>
        <source>the maximum rate cannot be negative</source>
        <translation>最大流量/功率不能为负数</translation>
    </message>
    <message>
        <source>a quoted field is not closed</source>
        <translation>带引号的字段缺少结束引号</translation>
    </message>
    <message>
        <source>the text is empty: a header row and one row per meter are expected</source>
        <translation>内容为空：应有一行表头，之后每块表一行</translation>
    </message>
    <message>
        <source>unknown column (the columns are %1)</source>
        <translation>未知的列（可用的列为 %1）</translation>
    </message>
    <message>
        <source>the column appears twice</source>
        <translation>该列重复出现</translation>
    </message>
    <message>
        <source>the required column is missing</source>
        <translation>缺少必填列</translation>
    </message>
    <message>
        <source>there are no meters after the header row</source>
        <translation>表头行之后没有任何表</translation>
    </message>
    <message>
        <source>%1 fields where the header has %2</source>
        <translation>有 %1 个字段，而表头有 %2 个</translation>
    </message>
    <message>
        <source>the utility is electricity, water or heat</source>
        <translation>类别应为 electricity、water 或 heat</translation>
    </message>
    <message>
        <source>the maximum rate is a whole number of W (electricity) or L/h (water), 0 for none</source>
        <translation>最大流量/功率为整数，单位 W（电）或 L/h（水），0 表示不限</translation>
    </message>
    <message>
        <source>the options are a JSON object, e.g. {&quot;&quot;password&quot;&quot;:&quot;&quot;000000&quot;&quot;} in CSV quoting</source>
        <translation>选项是一个 JSON 对象，按 CSV 引号写法如 {&quot;&quot;password&quot;&quot;:&quot;&quot;000000&quot;&quot;}</translation>
    </message>
    <message>
        <source>the installation time is an ISO date or time, e.g. 2026-03-01 or 2026-03-01T08:00:00Z</source>
        <translation>安装时间为 ISO 日期或时间，例如 2026-03-01 或 2026-03-01T08:00:00Z</translation>
    </message>
    <message>
        <source>a meter with this nameplate is already in the registry</source>
        <translation>档案中已有该铭牌表号的表</translation>
    </message>
    <message>
        <source>the same nameplate is on line %1</source>
        <translation>第 %1 行有相同的铭牌表号</translation>
    </message>
    <message>
        <source>meter %1 already has this address on bus %2</source>
        <translation>表 %1 在总线 %2 上已使用该地址</translation>
    </message>
    <message>
        <source>the same bus and address are on line %1</source>
        <translation>第 %1 行有相同的总线和地址</translation>
    </message>
</context>
<context>
    <name>md::MeterRegistry</name>
    <message>
        <source>A meter needs a nameplate number of 1 to 64 characters</source>
        <translation>电表须有 1 到 64 个字符的铭牌表号</translation>
    </message>
    <message>
        <source>Meter %1 needs a bus</source>
        <translation>表 %1 需要指定总线</translation>
    </message>
    <message>
        <source>Meter %1 needs a bus address</source>
        <translation>表 %1 需要指定总线地址</translation>
    </message>
    <message>
        <source>Meter %1: unknown protocol &quot;%2&quot; (modbus, dlt645 or cjt188)</source>
        <translation>表 %1：未知的通信规约“%2”（应为 modbus、dlt645 或 cjt188）</translation>
    </message>
    <message>
        <source>Meter %1: the maximum rate cannot be negative</source>
        <translation>表 %1：最大走字速率不能为负数</translation>
    </message>
    <message>
        <source>Meter %1 needs an installation time</source>
        <translation>表 %1 需要填写安装时间</translation>
    </message>
    <message>
        <source>There is no meter %1</source>
        <translation>没有表 %1</translation>
    </message>
</context>
<context>
    <name>md::Money</name>
    <message>
        <source>Amount out of range</source>
        <translation>金额超出范围</translation>
    </message>
</context>
<context>
    <name>md::PasswordHasher</name>
    <message>
        <source>The cryptography library could not start</source>
        <translation>加密库无法启动</translation>
    </message>
    <message>
        <source>Not enough memory to hash a password</source>
        <translation>内存不足，无法计算密码哈希</translation>
    </message>
</context>
<context>
    <name>md::Plausibility</name>
    <message>
        <source>The reading at %1 is not later than the previous one at %2</source>
        <translation>%1 的读数并不晚于上一条读数（%2）</translation>
    </message>
    <message>
        <source>Register %1 went backwards from %2 to %3</source>
        <translation>计度器 %1 从 %2 倒退到 %3</translation>
    </message>
    <message>
        <source>Register %1 rose by %2 in %3 s, more than the meter&apos;s maximum rate allows (%4)</source>
        <translation>计度器 %1 在 %3 秒内增加了 %2，超出该表最大走字速率允许的范围（%4）</translation>
    </message>
    <message>
        <source>The meter&apos;s counters restarted (reset or rollover): not billed, new baseline</source>
        <translation>表计计数器已重新开始（复位或翻转）：本次不计费，以新读数为基准</translation>
    </message>
</context>
<context>
    <name>md::PropertyStore</name>
    <message>
        <source>site</source>
        <translation>小区</translation>
    </message>
    <message>
        <source>building</source>
        <translation>楼栋</translation>
    </message>
    <message>
        <source>unit</source>
        <translation>单元</translation>
    </message>
    <message>
        <source>room</source>
        <translation>房间</translation>
    </message>
    <message>
        <source>A %1 code has 1 to 64 characters without leading or trailing spaces (got &quot;%2&quot;)</source>
        <translation>%1编码须为 1 到 64 个字符，首尾不能有空格（实际为“%2”）</translation>
    </message>
    <message>
        <source>A %1 code cannot contain &quot;/&quot; (got &quot;%2&quot;)</source>
        <translation>%1编码不能包含“/”（实际为“%2”）</translation>
    </message>
    <message>
        <source>A %1 name has 1 to 191 characters (got &quot;%2&quot;)</source>
        <translation>%1名称须为 1 到 191 个字符（实际为“%2”）</translation>
    </message>
    <message>
        <source>The area of room %1 cannot be negative</source>
        <translation>房间 %1 的面积不能为负数</translation>
    </message>
    <message>
        <source>Floor %1 of room %2 is not a floor (-20 to 300)</source>
        <translation>房间 %2 的楼层 %1 无效（应为 -20 到 300）</translation>
    </message>
    <message>
        <source>There is already a %1 with the code &quot;%2&quot; here</source>
        <translation>此处已有编码为“%2”的%1</translation>
    </message>
    <message>
        <source>There is already a %1 named &quot;%2&quot; here</source>
        <translation>此处已有名为“%2”的%1</translation>
    </message>
    <message>
        <source>There is no %1 %2</source>
        <translation>没有%1 %2</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a room path: site/building/unit/room codes</source>
        <translation>“%1”不是房间路径：应为 小区/楼栋/单元/房间 编码</translation>
    </message>
    <message>
        <source>Several rooms have the code %1 (%2): give the path site/building/unit/room</source>
        <translation>有多个房间的编码为 %1（%2）：请给出路径 小区/楼栋/单元/房间</translation>
    </message>
    <message>
        <source>There is no room %1</source>
        <translation>没有房间 %1</translation>
    </message>
    <message>
        <source>Room %1 is rented by the open account %2</source>
        <translation>房间 %1 已由未销户的账户 %2 租用</translation>
    </message>
</context>
<context>
    <name>md::ProtectedTimes</name>
    <message>
        <source>A protected window must be [&quot;HH:mm&quot;, &quot;HH:mm&quot;] (got %1)</source>
        <translation>保护时段必须写作 [&quot;HH:mm&quot;, &quot;HH:mm&quot;]（实际为 %1）</translation>
    </message>
    <message>
        <source>A holiday must be a date yyyy-MM-dd (got &quot;%1&quot;)</source>
        <translation>节假日必须是 yyyy-MM-dd 格式的日期（实际为“%1”）</translation>
    </message>
</context>
<context>
    <name>md::Quantity</name>
    <message>
        <source>Quantities in %1 and %2 cannot be combined</source>
        <translation>以 %1 和 %2 计的数量不能合并计算</translation>
    </message>
    <message>
        <source>Quantity out of range</source>
        <translation>数量超出范围</translation>
    </message>
</context>
<context>
    <name>md::Rate</name>
    <message>
        <source>sharp</source>
        <translation>尖</translation>
    </message>
    <message>
        <source>peak</source>
        <translation>峰</translation>
    </message>
    <message>
        <source>flat</source>
        <translation>平</translation>
    </message>
    <message>
        <source>valley</source>
        <translation>谷</translation>
    </message>
</context>
<context>
    <name>md::ReadingIngestor</name>
    <message>
        <source>There is no meter %1 in the registry</source>
        <translation>档案中没有表 %1</translation>
    </message>
    <message>
        <source>A reading of meter %1 has no time or no registers</source>
        <translation>表 %1 的一条读数缺少时间或计度器示数</translation>
    </message>
    <message>
        <source>Account %1 has no collection settings (tariff, thresholds)</source>
        <translation>账户 %1 没有采集设置（计费方案、预警阈值）</translation>
    </message>
    <message>
        <source>A reading of meter %1 is ingested into the caller&apos;s transaction, but none is active</source>
        <translation>表 %1 的读数应写入调用方的事务，但当前没有活动的事务</translation>
    </message>
    <message>
        <source>Meter %1 was removed at %2, so a reading dated %3 cannot be from it</source>
        <translation>表 %1 已于 %2 拆除；日期为 %3 的读数不属于该表</translation>
    </message>
    <message>
        <source>Account %1 cannot be billed: %2</source>
        <translation>账户 %1 无法计费：%2</translation>
    </message>
</context>
<context>
    <name>md::ReadingsCsv</name>
    <message>
        <source>The file is not valid UTF-8 text</source>
        <translation>该文件不是有效的 UTF-8 文本</translation>
    </message>
    <message>
        <source>Expected 3 fields &quot;timestamp,register,value&quot;, found %1</source>
        <translation>应有 3 个字段“timestamp,register,value”，实际为 %1 个</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an ISO 8601 timestamp</source>
        <translation>“%1”不是 ISO 8601 时间戳</translation>
    </message>
    <message>
        <source>Unknown register &quot;%1&quot; (expected total, sharp, peak, flat or valley)</source>
        <translation>未知的计度器“%1”（应为 total、sharp、peak、flat 或 valley，也可写作总、尖、峰、平、谷）</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a meter reading (a number &gt;= 0 with at most 3 decimals)</source>
        <translation>“%1”不是表计读数（应为 &gt;= 0、最多 3 位小数的数）</translation>
    </message>
    <message>
        <source>The %1 register appears twice at %2</source>
        <translation>%1 计度器在 %2 出现了两次</translation>
    </message>
    <message>
        <source>The timestamp %1 is earlier than the line before</source>
        <translation>时间戳 %1 早于上一行</translation>
    </message>
    <message>
        <source>Cannot read the file: %1</source>
        <translation>无法读取文件：%1</translation>
    </message>
</context>
<context>
    <name>md::RelayCommandLog</name>
    <message>
        <source>A relay command is either on or off</source>
        <translation>继电器命令只能是合闸（on）或拉闸（off）</translation>
    </message>
    <message>
        <source>There is no relay command %1</source>
        <translation>没有编号为 %1 的继电器命令</translation>
    </message>
</context>
<context>
    <name>md::Role</name>
    <message>
        <source>Cashier</source>
        <translation>收费员</translation>
    </message>
    <message>
        <source>Manager</source>
        <translation>主管</translation>
    </message>
    <message>
        <source>Engineer</source>
        <translation>工程师</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>系统管理员</translation>
    </message>
    <message>
        <source>Auditor</source>
        <translation>审计员</translation>
    </message>
</context>
<context>
    <name>md::ServiceConfig</name>
    <message>
        <source>%1 must be a whole number from %2 to %3 (got &quot;%4&quot;)</source>
        <translation>%1 必须是 %2 到 %3 之间的整数（实际为“%4”）</translation>
    </message>
    <message>
        <source>%1 must be yes or no (got &quot;%2&quot;)</source>
        <translation>%1 必须是 yes 或 no（实际为“%2”）</translation>
    </message>
    <message>
        <source>%1 needs a file path</source>
        <translation>%1 需要一个文件路径</translation>
    </message>
    <message>
        <source>Unknown key &quot;%1&quot; in [%2]</source>
        <translation>[%2] 中有未知的键“%1”</translation>
    </message>
    <message>
        <source>[database] needs url = sqlite:FILE or mysql://...</source>
        <translation>[database] 需要 url = sqlite:FILE 或 mysql://...</translation>
    </message>
    <message>
        <source>listen must be an IP address, localhost or any (got &quot;%1&quot;)</source>
        <translation>listen 必须是 IP 地址、localhost 或 any（实际为“%1”）</translation>
    </message>
    <message>
        <source>No PEM certificate could be read from %1</source>
        <translation>无法从 %1 读取 PEM 证书</translation>
    </message>
    <message>
        <source>Cannot read the key file %1: %2</source>
        <translation>无法读取密钥文件 %1：%2</translation>
    </message>
    <message>
        <source>%1 holds no unencrypted RSA or EC private key in PEM form</source>
        <translation>%1 中没有未加密的 PEM 格式 RSA 或 EC 私钥</translation>
    </message>
    <message>
        <source>TLS needs both tls_certificate and tls_key</source>
        <translation>TLS 需要同时设置 tls_certificate 和 tls_key</translation>
    </message>
    <message>
        <source>Listening on %1 without TLS would send passwords in clear text over the network: set tls_certificate and tls_key (or allow_plaintext_lan = yes)</source>
        <translation>不使用 TLS 在 %1 上监听会让密码以明文在网络上传输：请设置 tls_certificate 和 tls_key（或设置 allow_plaintext_lan = yes）</translation>
    </message>
    <message>
        <source>Cannot read the configuration file: %1</source>
        <translation>无法读取配置文件：%1</translation>
    </message>
    <message>
        <source>Unknown section [%1]</source>
        <translation>未知的节 [%1]</translation>
    </message>
    <message>
        <source>Section [%1] appears twice</source>
        <translation>节 [%1] 出现了两次</translation>
    </message>
    <message>
        <source>The configuration needs a [database] section with url = ...</source>
        <translation>配置中需要含有 url = ... 的 [database] 节</translation>
    </message>
    <message>
        <source>office_time_zone must be a time zone name like Asia/Shanghai (got &quot;%1&quot;)</source>
        <translation>office_time_zone 必须是时区名称，如 Asia/Shanghai（实际为“%1”）</translation>
    </message>
    <message>
        <source>A bus section is [bus NAME], one word (got [%1])</source>
        <translation>总线节的格式为 [bus 名称]，名称为一个单词（实际为 [%1]）</translation>
    </message>
    <message>
        <source>%1 must be one of %2 (got &quot;%3&quot;)</source>
        <translation>%1 必须是 %2 之一（实际为“%3”）</translation>
    </message>
    <message>
        <source>device needs the serial port, like /dev/ttyUSB0 or COM3</source>
        <translation>device 须为串口，如 /dev/ttyUSB0 或 COM3</translation>
    </message>
    <message>
        <source>[%1] needs device = the serial port</source>
        <translation>[%1] 需要设置 device = 串口</translation>
    </message>
    <message>
        <source>The language &quot;%1&quot; is not one the service speaks: zh_CN, en or system</source>
        <translation>服务不支持语言“%1”：可用 zh_CN、en 或 system</translation>
    </message>
</context>
<context>
    <name>md::TariffFile</name>
    <message>
        <source>The file is not valid UTF-8 text</source>
        <translation>该文件不是有效的 UTF-8 文本</translation>
    </message>
    <message>
        <source>A section header must look like [name]</source>
        <translation>节标题的格式必须是 [name]</translation>
    </message>
    <message>
        <source>Expected &quot;key = value&quot;, a [section] or a comment</source>
        <translation>此处应为“key = value”、[section] 或注释</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid key name</source>
        <translation>“%1”不是有效的键名</translation>
    </message>
    <message>
        <source>&quot;%1&quot; appears before any [section]</source>
        <translation>“%1”出现在所有 [section] 之前</translation>
    </message>
    <message>
        <source>Duplicate key &quot;%1&quot;</source>
        <translation>重复的键“%1”</translation>
    </message>
    <message>
        <source>The id must be letters, digits, &quot;-&quot;, &quot;_&quot; or &quot;.&quot; (got &quot;%1&quot;)</source>
        <translation>id 只能由字母、数字、“-”、“_”或“.”组成（实际为“%1”）</translation>
    </message>
    <message>
        <source>Unknown utility &quot;%1&quot; (expected electricity, water or heat)</source>
        <translation>未知的能源类型“%1”（应为 electricity、water 或 heat）</translation>
    </message>
    <message>
        <source>Unknown time zone &quot;%1&quot;</source>
        <translation>未知的时区“%1”</translation>
    </message>
    <message>
        <source>Unknown key &quot;%1&quot; in [tariff]</source>
        <translation>[tariff] 中有未知的键“%1”</translation>
    </message>
    <message>
        <source>[tariff] needs an id</source>
        <translation>[tariff] 需要 id</translation>
    </message>
    <message>
        <source>[tariff] needs a utility (electricity, water or heat)</source>
        <translation>[tariff] 需要 utility（electricity、water 或 heat）</translation>
    </message>
    <message>
        <source>Unknown unit &quot;%1&quot; (expected kWh, m3 or GJ)</source>
        <translation>未知的单位“%1”（应为 kWh、m3 或 GJ）</translation>
    </message>
    <message>
        <source>The unit %1 does not measure %2</source>
        <translation>单位 %1 不能用于计量 %2</translation>
    </message>
    <message>
        <source>Unknown section [%1] (expected [tariff] or [version])</source>
        <translation>未知的节 [%1]（应为 [tariff] 或 [version]）</translation>
    </message>
    <message>
        <source>Only one [tariff] section is allowed</source>
        <translation>只允许有一个 [tariff] 节</translation>
    </message>
    <message>
        <source>[tariff] must come before the first [version]</source>
        <translation>[tariff] 必须位于第一个 [version] 之前</translation>
    </message>
    <message>
        <source>Versions must be in increasing order of their effective date (%1 is not after %2 on line %3)</source>
        <translation>各版本必须按生效日期递增排列（%1 不晚于第 %3 行的 %2）</translation>
    </message>
    <message>
        <source>The file has no [tariff] section</source>
        <translation>文件中没有 [tariff] 节</translation>
    </message>
    <message>
        <source>The file has no [version] section</source>
        <translation>文件中没有 [version] 节</translation>
    </message>
    <message>
        <source>Cannot read the file: %1</source>
        <translation>无法读取文件：%1</translation>
    </message>
    <message>
        <source>[version] needs an effective date (effective = YYYY-MM-DD)</source>
        <translation>[version] 需要生效日期（effective = YYYY-MM-DD）</translation>
    </message>
    <message>
        <source>A ladder needs tier-basis = month or year</source>
        <translation>阶梯需要 tier-basis = month 或 year</translation>
    </message>
    <message>
        <source>tier-year-start only applies to tier-basis = year</source>
        <translation>tier-year-start 只适用于 tier-basis = year</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an amount in yuan with at most 2 decimals</source>
        <translation>“%1”不是最多 2 位小数的金额（元）</translation>
    </message>
    <message>
        <source>%1 must not be negative</source>
        <translation>%1 不能为负数</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a quantity with at most 3 decimals</source>
        <translation>“%1”不是最多 3 位小数的数量</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a date (YYYY-MM-DD)</source>
        <translation>“%1”不是日期（YYYY-MM-DD）</translation>
    </message>
    <message>
        <source>Unknown tier-basis &quot;%1&quot; (expected none, month or year)</source>
        <translation>未知的 tier-basis“%1”（应为 none、month 或 year）</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a day of the year (MM-DD)</source>
        <translation>“%1”不是一年中的日期（MM-DD）</translation>
    </message>
    <message>
        <source>At most %1 tiers are allowed</source>
        <translation>最多允许 %1 档</translation>
    </message>
    <message>
        <source>Tier bounds must be positive and increasing (%1)</source>
        <translation>阶梯分档值必须为正且递增（%1）</translation>
    </message>
    <message>
        <source>At most 4 rates are allowed (sharp, peak, flat, valley)</source>
        <translation>最多允许 4 个费率（sharp、peak、flat、valley）</translation>
    </message>
    <message>
        <source>Unknown rate &quot;%1&quot; (expected sharp, peak, flat or valley)</source>
        <translation>未知的费率“%1”（应为 sharp、peak、flat 或 valley）</translation>
    </message>
    <message>
        <source>The rate %1 is listed twice</source>
        <translation>费率 %1 列出了两次</translation>
    </message>
    <message>
        <source>balance-cap must be more than zero (leave it out for no cap)</source>
        <translation>balance-cap 必须大于零（不设囤积上限时请省略此项）</translation>
    </message>
    <message>
        <source>Unknown rounding &quot;%1&quot; (expected half-up, half-even, down or up)</source>
        <translation>未知的舍入方式“%1”（应为 half-up、half-even、down 或 up）</translation>
    </message>
    <message>
        <source>Unknown key &quot;%1&quot; in [version]</source>
        <translation>[version] 中有未知的键“%1”</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a percentage between 0% and 100% with at most 2 decimals</source>
        <translation>“%1”不是 0% 到 100% 之间、最多 2 位小数的百分比</translation>
    </message>
    <message>
        <source>A period looks like &quot;06:00-22:00 peak&quot; (got &quot;%1&quot;)</source>
        <translation>时段的格式应如“06:00-22:00 peak”（实际为“%1”）</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a time range within the day</source>
        <translation>“%1”不是一天之内的时间范围</translation>
    </message>
    <message>
        <source>The period %1 is empty</source>
        <translation>时段 %1 为空</translation>
    </message>
    <message>
        <source>At most %1 periods a day are allowed</source>
        <translation>每天最多允许 %1 个时段</translation>
    </message>
    <message>
        <source>Time-of-use rates need period lines that cover the day</source>
        <translation>分时费率需要覆盖全天的 period 行</translation>
    </message>
    <message>
        <source>The rate %1 is not listed in rates</source>
        <translation>费率 %1 未在 rates 中列出</translation>
    </message>
    <message>
        <source>This period overlaps the period on line %1 at %2</source>
        <translation>此时段与第 %1 行的时段在 %2 处重叠</translation>
    </message>
    <message>
        <source>The periods leave %1-%2 uncovered</source>
        <translation>各时段未覆盖 %1-%2</translation>
    </message>
    <message>
        <source>The rate %1 has no period</source>
        <translation>费率 %1 没有对应的时段</translation>
    </message>
    <message>
        <source>Unknown rate &quot;%1&quot; in %2</source>
        <translation>%2 中有未知的费率“%1”</translation>
    </message>
    <message>
        <source>Duplicate prices for the rate %1</source>
        <translation>费率 %1 的价格重复</translation>
    </message>
    <message>
        <source>%1 needs %2 price(s), one per tier; found %3</source>
        <translation>%1 需要 %2 个价格（每档一个），实际为 %3 个</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a price in yuan with at most 4 decimals</source>
        <translation>“%1”不是最多 4 位小数的价格（元）</translation>
    </message>
    <message>
        <source>Negative price %1</source>
        <translation>价格 %1 为负数</translation>
    </message>
    <message>
        <source>The [version] on this line has no price.%1</source>
        <translation>此行的 [version] 缺少 price.%1</translation>
    </message>
</context>
<context>
    <name>md::TariffStore</name>
    <message>
        <source>There is no tariff &quot;%1&quot;</source>
        <translation>没有计费方案“%1”</translation>
    </message>
</context>
<context>
    <name>md::Utility</name>
    <message>
        <source>electricity</source>
        <translation>电</translation>
    </message>
    <message>
        <source>water</source>
        <translation>水</translation>
    </message>
    <message>
        <source>heat</source>
        <translation>热</translation>
    </message>
</context>
<context>
    <name>md::api</name>
    <message>
        <source>There is no account numbered %1</source>
        <translation>没有户号为 %1 的账户</translation>
    </message>
    <message>
        <source>Account %1 does not exist</source>
        <translation>账户 %1 不存在</translation>
    </message>
    <message>
        <source>Parameter &quot;limit&quot;: from 1 to 500</source>
        <translation>参数“limit”：应为 1 到 500</translation>
    </message>
    <message>
        <source>The key %1 was already used for a different request; nothing was done</source>
        <translation>幂等键 %1 已用于另一个请求；本次未做任何处理</translation>
    </message>
    <message>
        <source>The amount must be greater than zero (got %1)</source>
        <translation>金额必须大于零（实际为 %1）</translation>
    </message>
    <message>
        <source>Transaction %1 does not exist</source>
        <translation>交易 %1 不存在</translation>
    </message>
    <message>
        <source>An adjustment of zero changes nothing</source>
        <translation>调账金额为零，不会有任何变化</translation>
    </message>
    <message>
        <source>The request line is longer than %1 bytes</source>
        <translation>请求行超过 %1 字节</translation>
    </message>
    <message>
        <source>The database refused the operation: %1</source>
        <translation>数据库拒绝了该操作：%1</translation>
    </message>
    <message>
        <source>Internal error: %1</source>
        <translation>内部错误：%1</translation>
    </message>
    <message>
        <source>TLS is configured but no TLS library is available</source>
        <translation>已配置 TLS，但没有可用的 TLS 库</translation>
    </message>
    <message>
        <source>Cannot listen on %1 port %2: %3</source>
        <translation>无法在 %1 的 %2 端口上监听：%3</translation>
    </message>
    <message>
        <source>The stored request has no valid %1</source>
        <translation>已保存的申请中没有有效的 %1</translation>
    </message>
    <message>
        <source>Unknown request kind %1</source>
        <translation>未知的申请类型 %1</translation>
    </message>
    <message>
        <source>There is no request %1</source>
        <translation>申请 %1 不存在</translation>
    </message>
    <message>
        <source>Request %1 is already %2</source>
        <translation>申请 %1 已处于 %2 状态</translation>
    </message>
    <message>
        <source>A request must be approved by another operator than the one who made it</source>
        <translation>申请必须由提交人以外的操作员审批</translation>
    </message>
    <message>
        <source>Request %1 was decided meanwhile</source>
        <translation>申请 %1 在此期间已被处理</translation>
    </message>
    <message>
        <source>Request %1 was already carried out (approve it again to complete it)</source>
        <translation>申请 %1 的操作已经执行（请再次批准以完成该申请）</translation>
    </message>
    <message>
        <source>Parameter &quot;status&quot;: pending, approved or rejected</source>
        <translation>参数“status”：应为 pending、approved 或 rejected</translation>
    </message>
    <message>
        <source>Parameter &quot;limit&quot;: from 1 to 1000</source>
        <translation>参数“limit”：应为 1 到 1000</translation>
    </message>
    <message>
        <source>The line is not valid JSON: %1 at byte %2</source>
        <translation>该行不是有效的 JSON：%1（位于第 %2 字节）</translation>
    </message>
    <message>
        <source>Batch requests are not supported: send one object per line</source>
        <translation>不支持批量请求：每行发送一个对象</translation>
    </message>
    <message>
        <source>A request must be a JSON object</source>
        <translation>请求必须是 JSON 对象</translation>
    </message>
    <message>
        <source>A request needs an &quot;id&quot; (notifications are not accepted)</source>
        <translation>请求需要“id”（不接受通知）</translation>
    </message>
    <message>
        <source>&quot;id&quot; must be a string or an integer</source>
        <translation>“id”必须是字符串或整数</translation>
    </message>
    <message>
        <source>&quot;jsonrpc&quot; must be &quot;2.0&quot;</source>
        <translation>“jsonrpc”必须为“2.0”</translation>
    </message>
    <message>
        <source>&quot;method&quot; must be a non-empty string</source>
        <translation>“method”必须是非空字符串</translation>
    </message>
    <message>
        <source>&quot;params&quot; must be an object (named parameters)</source>
        <translation>“params”必须是对象（命名参数）</translation>
    </message>
    <message>
        <source>Unknown member &quot;%1&quot; in the request</source>
        <translation>请求中有未知成员“%1”</translation>
    </message>
    <message>
        <source>Parameter &quot;%1&quot;: %2</source>
        <translation>参数“%1”：%2</translation>
    </message>
    <message>
        <source>There is no receipt number %1</source>
        <translation>没有编号为 %1 的收据</translation>
    </message>
    <message>
        <source>Parameter &quot;role&quot;: must be cashier, manager, engineer, administrator or auditor (got &quot;%1&quot;)</source>
        <translation>参数“role”：必须是 cashier、manager、engineer、administrator 或 auditor（实际为“%1”）</translation>
    </message>
    <message>
        <source>Parameter &quot;active&quot;: true or false is required</source>
        <translation>参数“active”：须为 true 或 false</translation>
    </message>
    <message>
        <source>a non-empty string is required</source>
        <translation>须为非空字符串</translation>
    </message>
    <message>
        <source>must be a string</source>
        <translation>必须是字符串</translation>
    </message>
    <message>
        <source>an integer is required</source>
        <translation>须为整数</translation>
    </message>
    <message>
        <source>must be an integer</source>
        <translation>必须是整数</translation>
    </message>
    <message>
        <source>must be true or false</source>
        <translation>必须是 true 或 false</translation>
    </message>
    <message>
        <source>an amount in yuan as a string is required, e.g. &quot;100.00&quot;</source>
        <translation>须为以字符串表示的金额（元），例如 &quot;100.00&quot;</translation>
    </message>
    <message>
        <source>an amount must be a string of yuan with at most two decimals, e.g. &quot;100.00&quot;</source>
        <translation>金额必须是以元为单位、最多两位小数的字符串，例如 &quot;100.00&quot;</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an amount in yuan with at most two decimals</source>
        <translation>“%1”不是最多两位小数的金额（元）</translation>
    </message>
    <message>
        <source>must be electricity, water or heat (got &quot;%1&quot;)</source>
        <translation>必须是 electricity、water 或 heat（实际为“%1”）</translation>
    </message>
    <message>
        <source>must be cash, wechat, alipay, bank-transfer, card or other (got &quot;%1&quot;)</source>
        <translation>必须是 cash、wechat、alipay、bank-transfer、card 或 other（实际为“%1”）</translation>
    </message>
    <message>
        <source>an idempotency key has at most 128 characters</source>
        <translation>幂等键最多 128 个字符</translation>
    </message>
    <message>
        <source>Parameter &quot;%1&quot;: a list of meter ids</source>
        <translation>参数“%1”：应为表 ID 列表</translation>
    </message>
    <message>
        <source>At most 10000 meters at once</source>
        <translation>一次最多 10000 块表</translation>
    </message>
    <message>
        <source>There is no bus named %1</source>
        <translation>没有名为 %1 的总线</translation>
    </message>
    <message>
        <source>Meter %1 is not on a bus this service reads</source>
        <translation>表 %1 不在本服务抄读的总线上</translation>
    </message>
    <message>
        <source>There is no installed meter %1</source>
        <translation>没有已安装的表 %1</translation>
    </message>
    <message>
        <source>Meter %1 belongs to no account: only trip and close apply</source>
        <translation>表 %1 不属于任何账户：只能拉闸或合闸</translation>
    </message>
    <message>
        <source>Account %1 has no tariff and thresholds for %2 yet (account.configure)</source>
        <translation>账户 %1 尚未设置%2的计费方案和预警阈值（account.configure）</translation>
    </message>
    <message>
        <source>Parameter &quot;action&quot;: one of %1</source>
        <translation>参数“action”：应为 %1 之一</translation>
    </message>
    <message>
        <source>Parameter &quot;protocol&quot;: modbus or broadcast</source>
        <translation>参数“protocol”：应为 modbus 或 broadcast</translation>
    </message>
    <message>
        <source>Parameters &quot;first&quot; and &quot;last&quot;: unit ids from 1 to 247, first ≤ last</source>
        <translation>参数“first”和“last”：1 到 247 的从站号，且 first ≤ last</translation>
    </message>
    <message>
        <source>this service reads no bus named %1 (it has %2): the meter is not read until the bus is configured</source>
        <translation>本服务没有名为 %1 的总线（现有 %2）：配置该总线之前不会抄读此表</translation>
    </message>
    <message>
        <source>There is no meter %1</source>
        <translation>没有表 %1</translation>
    </message>
    <message>
        <source>There is no room %1</source>
        <translation>没有房间 %1</translation>
    </message>
    <message>
        <source>Parameter &quot;%1&quot;: an ISO 8601 time, e.g. 2026-03-01T08:00:00Z (got &quot;%2&quot;)</source>
        <translation>参数“%1”：应为 ISO 8601 时间，例如 2026-03-01T08:00:00Z（实际为“%2”）</translation>
    </message>
    <message>
        <source>Meter %1 already has the nameplate %2</source>
        <translation>表 %1 的铭牌表号已是 %2</translation>
    </message>
    <message>
        <source>Meter %1 (%2) already has the address %3 on bus %4</source>
        <translation>表 %1（%2）已在总线 %4 上使用地址 %3</translation>
    </message>
    <message>
        <source>Meter %1 was removed; its record is kept as history</source>
        <translation>表 %1 已拆除，其记录作为历史保留</translation>
    </message>
    <message>
        <source>Meter %1 bills account %2&apos;s %3 wallet: its utility cannot change while it is assigned</source>
        <translation>表 %1 正在为账户 %2 的%3钱包计费：绑定期间不能更改其类别</translation>
    </message>
    <message>
        <source>Meter %1 was already removed</source>
        <translation>表 %1 已经拆除</translation>
    </message>
    <message>
        <source>Meter %1 cannot be removed before it was installed</source>
        <translation>表 %1 不能在安装之前拆除</translation>
    </message>
    <message>
        <source>There is no meter with the nameplate %1</source>
        <translation>没有铭牌表号为 %1 的表</translation>
    </message>
    <message numerus="yes">
        <source>Nothing was imported: %n problem(s) on %1 line(s); the first on line %2, column %3: %4</source>
        <translation>
            <numerusform>未导入任何内容：%1 行中有 %n 处问题；第一处在第 %2 行第 %3 列：%4</numerusform>
        </translation>
    </message>
    <message>
        <source>Parameter &quot;%1&quot;: no register &quot;%2&quot; (total, sharp, peak, flat, valley)</source>
        <translation>参数“%1”：没有计度器“%2”（应为 total、sharp、peak、flat、valley）</translation>
    </message>
    <message>
        <source>Parameter &quot;%1&quot;: the %2 register is a decimal string of %3 with at most three decimals, e.g. &quot;1234.56&quot;</source>
        <translation>参数“%1”：%2 计度器应为以 %3 计的十进制字符串，最多三位小数，例如“1234.56”</translation>
    </message>
    <message>
        <source>Parameter &quot;%1&quot;: the total register is required</source>
        <translation>参数“%1”：必须提供总计度器（total）</translation>
    </message>
    <message>
        <source>Parameter &quot;%1&quot; is required</source>
        <translation>缺少参数“%1”</translation>
    </message>
    <message>
        <source>Meter %1 went back from %2 to %3 %4 at %5 (a counter reset), but its final reading, %6 %4, continues from %2: the readings since %5 are most likely its successor&apos;s, read under its address before the swap was recorded. They must be sorted out before the swap; nothing was changed</source>
        <translation>表 %1 在 %5 从 %2 回落到 %3 %4（计数器归零），但其最终读数 %6 %4 是接着 %2 走的：%5 以来的读数很可能是新表的，是在登记换表之前按旧表地址抄到的。换表前须先把这些读数理清；未做任何更改</translation>
    </message>
    <message>
        <source>The swap at %1 is not after meter %2&apos;s last reading at %3</source>
        <translation>%1 的换表时间不晚于表 %2 在 %3 的最近一次读数</translation>
    </message>
    <message>
        <source>The final reading of meter %1 lacks its %2 register (last read %3 %4)</source>
        <translation>表 %1 的最终读数缺少 %2 计度器（最近读数 %3 %4）</translation>
    </message>
    <message>
        <source>The final %1 reading of meter %2, %3 %4, is below its last reading, %5 %4 at %6</source>
        <translation>表 %2 的最终 %1 读数 %3 %4 低于其最近读数（%6 的 %5 %4）</translation>
    </message>
    <message>
        <source>Parameter &quot;new_meter&quot;: &quot;%1&quot; is not set here: the new meter takes the old one&apos;s account and room and is installed at the swap</source>
        <translation>参数“new_meter”：此处不能设置“%1”：新表沿用旧表的账户和房间，并在换表时安装</translation>
    </message>
    <message>
        <source>Meter %1 measures %2: its successor must measure %2 too (got &quot;%3&quot;)</source>
        <translation>表 %1 计量的是%2：新表也必须计量%2（实际为“%3”）</translation>
    </message>
    <message>
        <source>The swap at %1 is in the future (now %2)</source>
        <translation>换表时间 %1 在将来（现在是 %2）</translation>
    </message>
    <message>
        <source>Meter %1 was already removed at %2: there is nothing to swap</source>
        <translation>表 %1 已于 %2 拆除：没有可换的表</translation>
    </message>
    <message>
        <source>Meter %1 cannot be swapped before it was installed (%2)</source>
        <translation>表 %1 不能在安装（%2）之前换表</translation>
    </message>
    <message>
        <source>The final reading of meter %1 cannot be billed: %2</source>
        <translation>表 %1 的最终读数无法计费：%2</translation>
    </message>
    <message>
        <source>must be a list</source>
        <translation>必须是列表</translation>
    </message>
    <message>
        <source>must be a JSON object</source>
        <translation>必须是 JSON 对象</translation>
    </message>
    <message>
        <source>Only rooms have a floor and an area</source>
        <translation>只有房间才有楼层和面积</translation>
    </message>
    <message>
        <source>Parameter &quot;area&quot;: square metres as a string with at most two decimals, e.g. &quot;35.50&quot; (got &quot;%1&quot;)</source>
        <translation>参数“area”：以平方米计的字符串，最多两位小数，例如“35.50”（实际为“%1”）</translation>
    </message>
    <message>
        <source>There is no %1 %2</source>
        <translation>没有%1 %2</translation>
    </message>
    <message>
        <source>Parameter &quot;rooms&quot;: a list of room ids is required</source>
        <translation>参数“rooms”：必须提供房间 ID 列表</translation>
    </message>
    <message>
        <source>Account %1 is closed</source>
        <translation>账户 %1 已销户</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a time zone (e.g. Asia/Shanghai)</source>
        <translation>“%1”不是时区（例如 Asia/Shanghai）</translation>
    </message>
    <message>
        <source>a day as YYYY-MM-DD is required (got &quot;%1&quot;)</source>
        <translation>须为 YYYY-MM-DD 格式的日期（实际为“%1”）</translation>
    </message>
    <message>
        <source>a time as YYYY-MM-DDTHH:MM[:SS][Z|+08:00] is required (got &quot;%1&quot;)</source>
        <translation>须为 YYYY-MM-DDTHH:MM[:SS][Z|+08:00] 格式的时间（实际为“%1”）</translation>
    </message>
    <message>
        <source>must be day, month or year (got &quot;%1&quot;)</source>
        <translation>必须是 day、month 或 year（实际为“%1”）</translation>
    </message>
    <message>
        <source>A cashier may only see their own shifts</source>
        <translation>收费员只能查看自己的班次</translation>
    </message>
    <message>
        <source>there is no shift close %1</source>
        <translation>没有交班记录 %1</translation>
    </message>
    <message>
        <source>give from and to, or shift_close</source>
        <translation>请给出 from 和 to，或 shift_close</translation>
    </message>
    <message>
        <source>must not be before from</source>
        <translation>不能早于 from</translation>
    </message>
    <message>
        <source>must be alarm1, alarm2 or arrears (got &quot;%1&quot;)</source>
        <translation>必须是 alarm1、alarm2 或 arrears（实际为“%1”）</translation>
    </message>
    <message>
        <source>There is no tariff &quot;%1&quot;</source>
        <translation>没有计费方案“%1”</translation>
    </message>
    <message>
        <source>Parameter &quot;text&quot;: a tariff file of at most 256 KiB</source>
        <translation>参数“text”：计费方案文件，最大 256 KiB</translation>
    </message>
    <message>
        <source>This service reads no meters: its configuration names no [bus]</source>
        <translation>本服务不抄读任何表：其配置中没有 [bus]</translation>
    </message>
    <message>
        <source>must be meter, room, building or utility (got &quot;%1&quot;)</source>
        <translation>必须是 meter、room、building 或 utility（实际为“%1”）</translation>
    </message>
    <message>
        <source>consumption is rolled up by the office&apos;s days; a time zone cannot be chosen</source>
        <translation>用量按物业管理处所在时区的自然日汇总，不能另选时区</translation>
    </message>
    <message>
        <source>must be consumption or sales (got &quot;%1&quot;)</source>
        <translation>必须是 consumption 或 sales（实际为“%1”）</translation>
    </message>
    <message>
        <source>Parameter &quot;%1&quot;: a day as YYYY-MM-DD is required (got &quot;%2&quot;)</source>
        <translation>参数“%1”：须为 YYYY-MM-DD 格式的日期（实际为“%2”）</translation>
    </message>
    <message>
        <source>Parameter &quot;members&quot;: account ids, or objects with account (or code) and weight</source>
        <translation>参数“members”：应为账户 ID，或包含 account（或 code）和 weight 的对象</translation>
    </message>
    <message>
        <source>Parameter &quot;members&quot;: by weight, every member needs a weight of 0 or more (account %1)</source>
        <translation>参数“members”：按权重分摊时，每个成员都需要大于等于 0 的权重（账户 %1）</translation>
    </message>
    <message>
        <source>Parameter &quot;method&quot;: area or weight (got &quot;%1&quot;)</source>
        <translation>参数“method”：应为 area 或 weight（实际为“%1”）</translation>
    </message>
    <message>
        <source>There is no apportionment group %1</source>
        <translation>没有公摊分组 %1</translation>
    </message>
    <message>
        <source>Parameter &quot;members&quot;: a new method needs its members (and weights) again</source>
        <translation>参数“members”：更改分摊方式时须重新给出成员（及其权重）</translation>
    </message>
    <message>
        <source>Parameter &quot;to&quot;: the period must be over (before %1)</source>
        <translation>参数“to”：期间必须已经结束（早于 %1）</translation>
    </message>
    <message>
        <source>Parameter &quot;to&quot;: from the day of &quot;from&quot; to a century after it</source>
        <translation>参数“to”：应在“from”当天到其后一百年之间</translation>
    </message>
    <message>
        <source>Parameter &quot;%1&quot;: a day as YYYY-MM-DD or a time as YYYY-MM-DDTHH:MM[:SS][Z|+08:00] is required (got &quot;%2&quot;)</source>
        <translation>参数“%1”：须为 YYYY-MM-DD 格式的日期或 YYYY-MM-DDTHH:MM[:SS][Z|+08:00] 格式的时间（实际为“%2”）</translation>
    </message>
    <message>
        <source>Parameter &quot;to&quot;: must not be before &quot;from&quot;</source>
        <translation>参数“to”：不能早于“from”</translation>
    </message>
    <message>
        <source>must be 1 to %1 (got %2)</source>
        <translation>须为 1 到 %1（实际为 %2）</translation>
    </message>
    <message>
        <source>the &quot;next&quot; of the previous page is required (got &quot;%1&quot;)</source>
        <translation>须为上一页的“next”值（实际为“%1”）</translation>
    </message>
    <message>
        <source>There is no account %1</source>
        <translation>账户 %1 不存在</translation>
    </message>
</context>
<context>
    <name>md::api::ApiClient</name>
    <message>
        <source>TLS connection to %1:%2 failed: %3</source>
        <translation>与 %1:%2 的 TLS 连接失败：%3</translation>
    </message>
    <message>
        <source>Cannot connect to %1:%2: %3</source>
        <translation>无法连接到 %1:%2：%3</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>未连接</translation>
    </message>
    <message>
        <source>The service closed the connection</source>
        <translation>服务端关闭了连接</translation>
    </message>
    <message>
        <source>No answer from the service within %1 ms</source>
        <translation>服务在 %1 毫秒内没有应答</translation>
    </message>
    <message>
        <source>Cannot send to the service: %1</source>
        <translation>无法向服务发送数据：%1</translation>
    </message>
</context>
<context>
    <name>md::api::ApiFailure</name>
    <message>
        <source>The service at %1:%2 cannot be reached (%3). Is meterdeskd running, and is the address right?</source>
        <translation>无法连接到 %1:%2 上的服务（%3）。请确认 meterdeskd 已在运行且地址正确。</translation>
    </message>
    <message>
        <source>The connection to the service was lost and could not be restored.</source>
        <translation>与服务的连接已断开，且未能恢复。</translation>
    </message>
    <message>
        <source>The service did not answer in time.</source>
        <translation>服务未能及时应答。</translation>
    </message>
</context>
<context>
    <name>md::api::ApiService</name>
    <message>
        <source>There is no method %1</source>
        <translation>没有名为 %1 的方法</translation>
    </message>
    <message>
        <source>Log in first (session.login)</source>
        <translation>请先登录（session.login）</translation>
    </message>
    <message>
        <source>The session expired after %1 idle minutes; log in again</source>
        <translation>会话空闲 %1 分钟后已过期，请重新登录</translation>
    </message>
    <message>
        <source>This operator was deactivated; the session has ended</source>
        <translation>该操作员已被停用，会话已结束</translation>
    </message>
    <message>
        <source>Change the one-time password first (session.change_password)</source>
        <translation>请先修改一次性密码（session.change_password）</translation>
    </message>
    <message>
        <source>The role %1 may not call %2</source>
        <translation>角色 %1 无权调用 %2</translation>
    </message>
</context>
<context>
    <name>md::api::AuditVerifier</name>
    <message>
        <source>Record %1 is missing (the next record is %2)</source>
        <translation>缺少第 %1 条记录（下一条记录是第 %2 条）</translation>
    </message>
    <message>
        <source>Record %1 does not follow record %2: its previous-hash differs</source>
        <translation>第 %1 条记录未能接续第 %2 条记录：其前序哈希（previous-hash）不一致</translation>
    </message>
    <message>
        <source>Record %1 was changed: its content does not match its hash</source>
        <translation>第 %1 条记录已被改动：内容与其哈希不符</translation>
    </message>
    <message>
        <source>The chain head is missing</source>
        <translation>缺少哈希链头</translation>
    </message>
    <message>
        <source>Records %1 to %2 are missing at the end of the log</source>
        <translation>日志末尾缺少第 %1 至第 %2 条记录</translation>
    </message>
    <message>
        <source>Record %1 is beyond the chain head (the log ends at record %2)</source>
        <translation>第 %1 条记录位于链头之后（按链头，日志应止于第 %2 条记录）</translation>
    </message>
    <message>
        <source>Record %1 does not match the chain head</source>
        <translation>第 %1 条记录与链头不符</translation>
    </message>
</context>
<context>
    <name>md::api::ServiceClient</name>
    <message>
        <source>no answer to the connection attempt</source>
        <translation>连接请求没有应答</translation>
    </message>
    <message>
        <source>a call got no answer in time</source>
        <translation>一次调用未能及时得到应答</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <source>Logging in…</source>
        <translation>正在登录…</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <source>Connection lost, reconnecting…</source>
        <translation>连接已断开，正在重连…</translation>
    </message>
    <message>
        <source>the service closed the connection</source>
        <translation>服务端关闭了连接</translation>
    </message>
    <message>
        <source>%1; next attempt in %2 s</source>
        <translation>%1；%2 秒后重试</translation>
    </message>
    <message>
        <source>the connection was dropped</source>
        <translation>连接被中断</translation>
    </message>
</context>
<context>
    <name>md::app::AccountDetailWindow</name>
    <message>
        <source>Account %1 — detail</source>
        <translation>账户 %1 — 详情</translation>
    </message>
    <message>
        <source>Wallet</source>
        <translation>钱包</translation>
    </message>
    <message>
        <source>Balance (yuan)</source>
        <translation>余额（元）</translation>
    </message>
    <message>
        <source>Select a transaction to read how it came about.</source>
        <translation>选中一笔交易可查看其计费说明。</translation>
    </message>
    <message>
        <source>&amp;Older transactions</source>
        <translation>更早的交易(&amp;O)</translation>
    </message>
    <message>
        <source>Meter</source>
        <translation>表号</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Alarm</source>
        <translation>预警</translation>
    </message>
    <message>
        <source>Relay</source>
        <translation>通断</translation>
    </message>
    <message>
        <source>Last reading</source>
        <translation>最近读数</translation>
    </message>
    <message>
        <source>Read at</source>
        <translation>抄表时间</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>命令</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Requested</source>
        <translation>请求时间</translation>
    </message>
    <message>
        <source>Confirmed</source>
        <translation>确认时间</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Relay commands of the selected meter (newest first):</source>
        <translation>所选表的通断命令（最新的在前）：</translation>
    </message>
    <message>
        <source>&amp;Balances</source>
        <translation>余额(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Ledger</source>
        <translation>流水(&amp;L)</translation>
    </message>
    <message>
        <source>C&amp;onsumption</source>
        <translation>用量(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Meters and relays</source>
        <translation>表计与通断(&amp;M)</translation>
    </message>
    <message>
        <source>Re&amp;fund…</source>
        <translation>退费(&amp;F)…</translation>
    </message>
    <message>
        <source>Close &amp;account…</source>
        <translation>销户(&amp;A)…</translation>
    </message>
    <message>
        <source>Co&amp;rrect selected…</source>
        <translation>冲正所选(&amp;R)…</translation>
    </message>
    <message>
        <source>Refres&amp;h</source>
        <translation>刷新(&amp;H)</translation>
    </message>
    <message>
        <source>Close window</source>
        <translation>关闭窗口</translation>
    </message>
    <message>
        <source>Filed as a request: a different manager approves it before anything moves.</source>
        <translation>以申请方式提交：须由另一位主管审批后才会执行。</translation>
    </message>
    <message>
        <source>Only a cashier or a manager may file refunds, closings and corrections.</source>
        <translation>只有收费员或主管才能提交退费、销户和冲正申请。</translation>
    </message>
    <message>
        <source>%1  %2  %3  — %4</source>
        <translation>%1  %2  %3  — %4</translation>
    </message>
    <message>
        <source>open</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>已销户</translation>
    </message>
    <message>
        <source>The account is closed.</source>
        <translation>该账户已销户。</translation>
    </message>
    <message>
        <source>none yet</source>
        <translation>暂无</translation>
    </message>
    <message>
        <source>trip (off)</source>
        <translation>拉闸（断开）</translation>
    </message>
    <message>
        <source>close (on)</source>
        <translation>合闸（接通）</translation>
    </message>
    <message numerus="yes">
        <source>Daily consumption, last %n day(s)</source>
        <translation>
            <numerusform>最近 %n 天的每日用量</numerusform>
        </translation>
    </message>
    <message>
        <source>Daily consumption comes from the account ledger report, which only managers and auditors may read.</source>
        <translation>每日用量来自账户台账报表，只有主管和审计员可以查看。</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Consumption</source>
        <translation>用量</translation>
    </message>
    <message numerus="yes">
        <source>No daily readings for this account&apos;s meters in the last %n day(s).</source>
        <translation>
            <numerusform>该账户的表在最近 %n 天内没有每日读数。</numerusform>
        </translation>
    </message>
    <message>
        <source>Per day and wallet, summed over the wallet&apos;s meters (daily rollups of their readings).</source>
        <translation>按日、按钱包统计，为该钱包下所有表的合计（取自读数的每日汇总）。</translation>
    </message>
    <message>
        <source>Account detail (F6)</source>
        <translation>账户详情 (F6)</translation>
    </message>
    <message>
        <source>Select an account on the Accounts tab first.</source>
        <translation>请先在“账户”页选择一个账户。</translation>
    </message>
    <message>
        <source>Approvals (F7)</source>
        <translation>审批 (F7)</translation>
    </message>
    <message>
        <source>Pending refunds, closings and corrections</source>
        <translation>待审批的退费、销户和冲正</translation>
    </message>
    <message>
        <source>Only managers and auditors see the approval requests.</source>
        <translation>只有主管和审计员可以查看审批申请。</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>alarm 1</source>
        <translation>一级预警</translation>
    </message>
    <message>
        <source>alarm 2</source>
        <translation>二级预警</translation>
    </message>
    <message>
        <source>arrears</source>
        <translation>欠费</translation>
    </message>
    <message>
        <source>R&amp;eadings</source>
        <translation>读数(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Pending requests</source>
        <translation>待审批申请(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Pending requests (%1)</source>
        <translation>待审批申请（%1）(&amp;P)</translation>
    </message>
    <message>
        <source>Select a meter that belongs to an account first.</source>
        <translation>请先选择一块属于某个账户的表。</translation>
    </message>
</context>
<context>
    <name>md::app::AccountModel</name>
    <message>
        <source>Opened, normal</source>
        <translation>已开户，正常</translation>
    </message>
    <message>
        <source>Alarm 1</source>
        <translation>一级预警</translation>
    </message>
    <message>
        <source>Alarm 2</source>
        <translation>二级预警</translation>
    </message>
    <message>
        <source>Arrears</source>
        <translation>欠费</translation>
    </message>
    <message>
        <source>Not opened</source>
        <translation>未开户</translation>
    </message>
    <message>
        <source>Lost</source>
        <translation>失联</translation>
    </message>
    <message>
        <source>Forced on</source>
        <translation>保电</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>户号</translation>
    </message>
    <message>
        <source>Tenant</source>
        <translation>户名</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Electricity (yuan)</source>
        <translation>电费余额（元）</translation>
    </message>
    <message>
        <source>Water (yuan)</source>
        <translation>水费余额（元）</translation>
    </message>
    <message>
        <source>Heat (yuan)</source>
        <translation>热费余额（元）</translation>
    </message>
</context>
<context>
    <name>md::app::AdminPane</name>
    <message>
        <source>Operators and roles</source>
        <translation>操作员与角色</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>操作日志</translation>
    </message>
    <message>
        <source>Bus diagnostics</source>
        <translation>总线诊断</translation>
    </message>
</context>
<context>
    <name>md::app::AppRoot</name>
    <message>
        <source>Property management office</source>
        <translation>物业管理处</translation>
    </message>
    <message>
        <source>Cannot read the receipt form %1: %2</source>
        <translation>无法读取收据版式 %1：%2</translation>
    </message>
    <message>
        <source>Receipt form</source>
        <translation>收据版式</translation>
    </message>
    <message>
        <source>%1
The plain layout is used.</source>
        <translation>%1
将使用默认版式。</translation>
    </message>
</context>
<context>
    <name>md::app::ApportionDialog</name>
    <message>
        <source>Public-area apportionment</source>
        <translation>公摊</translation>
    </message>
    <message>
        <source>&amp;Group:</source>
        <translation>分组(&amp;G)：</translation>
    </message>
    <message>
        <source>Period:</source>
        <translation>期间：</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>户号</translation>
    </message>
    <message>
        <source>Tenant</source>
        <translation>户名</translation>
    </message>
    <message>
        <source>Area or share</source>
        <translation>面积或份额</translation>
    </message>
    <message>
        <source>Amount (yuan)</source>
        <translation>金额（元）</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>&amp;Preview</source>
        <translation>预览(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Submit for approval</source>
        <translation>提交审批(&amp;S)</translation>
    </message>
    <message>
        <source>Preview the period first; a different manager approves the request.</source>
        <translation>请先预览该期间；申请须由另一位主管审批。</translation>
    </message>
    <message>
        <source>The group or period changed: preview again.</source>
        <translation>分组或期间已更改：请重新预览。</translation>
    </message>
    <message>
        <source>by area</source>
        <translation>按面积</translation>
    </message>
    <message>
        <source>by share</source>
        <translation>按份额</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>The period ends before it begins.</source>
        <translation>统计期间的结束日期早于开始日期。</translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation>正在计算…</translation>
    </message>
    <message>
        <source>closed: left out</source>
        <translation>已销户：不参与分摊</translation>
    </message>
    <message>
        <source>Nothing is posted yet: submit it for a different manager&apos;s approval.</source>
        <translation>尚未记账：请提交给另一位主管审批。</translation>
    </message>
    <message>
        <source>Nothing to apportion: the meter used nothing that costs money in this period.</source>
        <translation>无需公摊：该表在此期间没有产生需要计费的用量。</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>正在发送…</translation>
    </message>
    <message>
        <source>Request %1 is PENDING APPROVAL: a different manager must approve it in the approvals view; %2 yuan will then be deducted from the accounts&apos; wallets.</source>
        <translation>申请 %1 正在等待审批：须由另一位主管在审批界面中批准；批准后将从各账户的钱包中共扣除 %2 元。</translation>
    </message>
    <message>
        <source>Meter %1, %2 to %3: %4 %5, %6 yuan, split %7 over %8 accounts.</source>
        <translation>表 %1，%2 至 %3：%4 %5，%6 元，%7分摊给 %8 个账户。</translation>
    </message>
    <message>
        <source>by fixed shares</source>
        <translation>按固定份额</translation>
    </message>
    <message>
        <source>no rented area: pays nothing</source>
        <translation>无租用面积：不分摊</translation>
    </message>
    <message>
        <source>share 0: pays nothing</source>
        <translation>份额为 0：不分摊</translation>
    </message>
    <message>
        <source>Gr&amp;oups…</source>
        <translation>分组(&amp;O)…</translation>
    </message>
    <message>
        <source>There is no active apportionment group yet: create one with &quot;Groups…&quot;.</source>
        <translation>还没有启用的公摊分组：请用“分组…”创建。</translation>
    </message>
</context>
<context>
    <name>md::app::ApportionGroupEditor</name>
    <message>
        <source>New apportionment group</source>
        <translation>新建公摊分组</translation>
    </message>
    <message>
        <source>Apportionment group %1</source>
        <translation>公摊分组 %1</translation>
    </message>
    <message>
        <source>e.g. Building 1 stairwell lights</source>
        <translation>例如：1号楼楼梯间照明</translation>
    </message>
    <message>
        <source>nameplate of a meter of no account</source>
        <translation>不属于任何账户的表的铭牌号</translation>
    </message>
    <message>
        <source>A group keeps its meter; share another meter with a new group.</source>
        <translation>分组的公用表不可更换；要分摊另一块表，请新建分组。</translation>
    </message>
    <message>
        <source>By rented area (m²)</source>
        <translation>按租用面积（m²）</translation>
    </message>
    <message>
        <source>By fixed shares (weights)</source>
        <translation>按固定份额（权重）</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>账户</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>&amp;Add account</source>
        <translation>添加账户(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>移除(&amp;R)</translation>
    </message>
    <message>
        <source>Active (offered for apportionment runs)</source>
        <translation>启用（可用于公摊结算）</translation>
    </message>
    <message>
        <source>&amp;Create</source>
        <translation>创建(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <source>Common &amp;meter:</source>
        <translation>公用表(&amp;M)：</translation>
    </message>
    <message>
        <source>&amp;Tariff:</source>
        <translation>计费方案(&amp;T)：</translation>
    </message>
    <message>
        <source>M&amp;ethod:</source>
        <translation>分摊方式(&amp;E)：</translation>
    </message>
    <message>
        <source>Members:</source>
        <translation>成员：</translation>
    </message>
    <message>
        <source>Remar&amp;ks:</source>
        <translation>备注(&amp;K)：</translation>
    </message>
    <message>
        <source>Each account pays its weight&apos;s part of the total (weight ÷ the sum of the weights).</source>
        <translation>各账户按其权重占比分摊总额（权重 ÷ 权重之和）。</translation>
    </message>
    <message>
        <source>Each account pays in proportion to the area of the rooms it rents, read at each run.</source>
        <translation>各账户按其租用房间的面积比例分摊，面积在每次结算时读取。</translation>
    </message>
    <message>
        <source>%1 — %2 (%3)</source>
        <translation>%1 — %2（%3）</translation>
    </message>
    <message>
        <source>Enter the group&apos;s name.</source>
        <translation>请输入分组名称。</translation>
    </message>
    <message>
        <source>Enter the common meter&apos;s nameplate.</source>
        <translation>请输入公用表的铭牌号。</translation>
    </message>
    <message>
        <source>Choose the tariff that prices the common meter.</source>
        <translation>请选择为公用表计价的计费方案。</translation>
    </message>
    <message>
        <source>Member row %1: enter the account&apos;s code.</source>
        <translation>成员第 %1 行：请输入账户编号。</translation>
    </message>
    <message>
        <source>Account %1 is listed twice.</source>
        <translation>账户 %1 重复列出。</translation>
    </message>
    <message>
        <source>Account %1: by fixed shares, enter a whole number from 0 to %2 as its weight.</source>
        <translation>账户 %1：按固定份额分摊时，权重须为 0 到 %2 之间的整数。</translation>
    </message>
</context>
<context>
    <name>md::app::ApportionGroupModel</name>
    <message>
        <source>by area</source>
        <translation>按面积</translation>
    </message>
    <message>
        <source>by fixed shares</source>
        <translation>按固定份额</translation>
    </message>
    <message>
        <source>meter %1</source>
        <translation>表 %1</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>分组</translation>
    </message>
    <message>
        <source>Common meter</source>
        <translation>公用表</translation>
    </message>
    <message>
        <source>Tariff</source>
        <translation>计费方案</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>分摊方式</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>成员</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Remarks</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>md::app::ApportionGroupsDialog</name>
    <message>
        <source>Apportionment groups</source>
        <translation>公摊分组</translation>
    </message>
    <message>
        <source>&amp;New group…</source>
        <translation>新建分组(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>编辑(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>No group yet: a group shares a common meter (one of no account) among accounts. Create one with &quot;New group…&quot;.</source>
        <translation>还没有分组：分组把一块公用表（不属于任何账户）的用量分摊给多个账户。请用“新建分组…”创建。</translation>
    </message>
    <message>
        <source>No group yet.</source>
        <translation>还没有分组。</translation>
    </message>
    <message numerus="yes">
        <source>%n group(s). Double-click one to edit it.</source>
        <translation>
            <numerusform>共 %n 个分组。双击可编辑。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n group(s). Read only: a manager changes them.</source>
        <translation>
            <numerusform>共 %n 个分组。只读：由主管修改。</numerusform>
        </translation>
    </message>
    <message>
        <source>Saved: %1.</source>
        <translation>已保存：%1。</translation>
    </message>
</context>
<context>
    <name>md::app::ApprovalModel</name>
    <message>
        <source>Request</source>
        <translation>申请号</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>户号</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Requested by</source>
        <translation>申请人</translation>
    </message>
    <message>
        <source>Requested at</source>
        <translation>申请时间</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>%1: meter %2, %3 to %4, %5 %6, %7 yuan over %8 accounts (run %9)</source>
        <translation>%1：表 %2，%3 至 %4，%5 %6，%7 元，分摊给 %8 个账户（公摊批次 %9）</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>待审批</translation>
    </message>
    <message>
        <source>approved</source>
        <translation>已批准</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>已驳回</translation>
    </message>
    <message>
        <source>%1 wallet</source>
        <translation>%1钱包</translation>
    </message>
    <message>
        <source>paid out by %1</source>
        <translation>以%1支付</translation>
    </message>
    <message>
        <source>memo: %1</source>
        <translation>备注：%1</translation>
    </message>
    <message>
        <source>reason: %1</source>
        <translation>原因：%1</translation>
    </message>
    <message>
        <source>reverses transaction %1</source>
        <translation>冲正交易 %1</translation>
    </message>
</context>
<context>
    <name>md::app::ApprovalsWindow</name>
    <message>
        <source>Approvals — pending requests</source>
        <translation>审批 — 待审批申请</translation>
    </message>
    <message>
        <source>Note (a reason is required to reject)</source>
        <translation>备注（驳回时必须填写原因）</translation>
    </message>
    <message>
        <source>&amp;Note:</source>
        <translation>备注(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Approve</source>
        <translation>批准(&amp;A)</translation>
    </message>
    <message>
        <source>Re&amp;ject</source>
        <translation>驳回(&amp;J)</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>Only a manager may approve or reject requests.</source>
        <translation>只有主管才能批准或驳回申请。</translation>
    </message>
    <message>
        <source>Your role may not see the approval requests.</source>
        <translation>您的角色无权查看审批申请。</translation>
    </message>
    <message>
        <source>Approving request %1…</source>
        <translation>正在批准申请 %1…</translation>
    </message>
    <message>
        <source>Rejecting request %1…</source>
        <translation>正在驳回申请 %1…</translation>
    </message>
    <message>
        <source>Request %1 approved: transaction %2, %3 yuan, balance %4 → %5.</source>
        <translation>申请 %1 已批准：交易 %2，%3 元，余额 %4 → %5。</translation>
    </message>
    <message>
        <source>Request %1 rejected.</source>
        <translation>申请 %1 已驳回。</translation>
    </message>
    <message>
        <source>Request %1 approved: %2 deductions, %3 yuan in all.</source>
        <translation>申请 %1 已批准：共 %2 笔扣费，合计 %3 元。</translation>
    </message>
</context>
<context>
    <name>md::app::AuditModel</name>
    <message>
        <source>Login</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Logout</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <source>Password changed</source>
        <translation>修改密码</translation>
    </message>
    <message>
        <source>Operator created</source>
        <translation>新建操作员</translation>
    </message>
    <message>
        <source>Role changed</source>
        <translation>变更角色</translation>
    </message>
    <message>
        <source>Operator activated</source>
        <translation>启用操作员</translation>
    </message>
    <message>
        <source>Operator deactivated</source>
        <translation>停用操作员</translation>
    </message>
    <message>
        <source>Password reset</source>
        <translation>重置密码</translation>
    </message>
    <message>
        <source>Account opened</source>
        <translation>开户</translation>
    </message>
    <message>
        <source>Recharge</source>
        <translation>充值</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>退费</translation>
    </message>
    <message>
        <source>Account closed</source>
        <translation>销户</translation>
    </message>
    <message>
        <source>Correction</source>
        <translation>冲正</translation>
    </message>
    <message>
        <source>Adjustment</source>
        <translation>调账</translation>
    </message>
    <message>
        <source>Rooms linked</source>
        <translation>关联房间</translation>
    </message>
    <message>
        <source>Approval requested</source>
        <translation>申请审批</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>批准</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>驳回</translation>
    </message>
    <message>
        <source>Receipt reprinted</source>
        <translation>补打收据</translation>
    </message>
    <message>
        <source>Shift closed</source>
        <translation>交班</translation>
    </message>
    <message>
        <source>Account settings</source>
        <translation>账户设置</translation>
    </message>
    <message>
        <source>Meter control</source>
        <translation>表计控制</translation>
    </message>
    <message>
        <source>Settings download</source>
        <translation>设置下发</translation>
    </message>
    <message>
        <source>Bus scan</source>
        <translation>总线扫描</translation>
    </message>
    <message>
        <source>Meter added</source>
        <translation>新增表计</translation>
    </message>
    <message>
        <source>Meter changed</source>
        <translation>修改表计</translation>
    </message>
    <message>
        <source>Meter removed</source>
        <translation>拆除表计</translation>
    </message>
    <message>
        <source>Meters imported</source>
        <translation>导入表计</translation>
    </message>
    <message>
        <source>Meter swapped</source>
        <translation>换表</translation>
    </message>
    <message>
        <source>(service)</source>
        <translation>（服务）</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>成功</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>操作员</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>客户端</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
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
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>¥%1</source>
        <translation>¥%1</translation>
    </message>
</context>
<context>
    <name>md::app::AuditViewer</name>
    <message>
        <source>(any action)</source>
        <translation>（全部操作）</translation>
    </message>
    <message>
        <source>(any operator)</source>
        <translation>（全部操作员）</translation>
    </message>
    <message>
        <source>login name or number</source>
        <translation>登录名或编号</translation>
    </message>
    <message>
        <source>From</source>
        <translation>起始</translation>
    </message>
    <message>
        <source>until</source>
        <translation>截止</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>查询</translation>
    </message>
    <message>
        <source>Load more</source>
        <translation>加载更多</translation>
    </message>
    <message>
        <source>Action:</source>
        <translation>操作：</translation>
    </message>
    <message>
        <source>Operator:</source>
        <translation>操作员：</translation>
    </message>
    <message>
        <source>Your role may verify the audit log&apos;s chain but not read its records.</source>
        <translation>您的角色可以校验操作日志的哈希链，但无权查看其中的记录。</translation>
    </message>
    <message>
        <source>Verify chain</source>
        <translation>校验哈希链</translation>
    </message>
    <message>
        <source>Recompute every record&apos;s hash and check that none was changed, removed or inserted</source>
        <translation>重新计算每条记录的哈希值，检查是否有记录被修改、删除或插入</translation>
    </message>
    <message>
        <source>No operator &quot;%1&quot;: choose one from the list or type their number.</source>
        <translation>没有操作员“%1”：请从列表中选择，或输入其编号。</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message numerus="yes">
        <source>%n record(s) shown; there are more.</source>
        <translation>
            <numerusform>已显示 %n 条记录；还有更多。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n record(s) shown.</source>
        <translation>
            <numerusform>已显示 %n 条记录。</numerusform>
        </translation>
    </message>
    <message>
        <source>Verifying the audit log…</source>
        <translation>正在校验操作日志…</translation>
    </message>
    <message numerus="yes">
        <source>✔ The audit log is intact: all %n record(s) are in their chain.</source>
        <translation>
            <numerusform>✔ 操作日志完好：全部 %n 条记录都在哈希链中。</numerusform>
        </translation>
    </message>
    <message>
        <source>✘ The audit log was altered: record %1 is the first that does not fit its chain (%2).</source>
        <translation>✘ 操作日志已被篡改：第 %1 条记录是第一条与哈希链不符的记录（%2）。</translation>
    </message>
</context>
<context>
    <name>md::app::BatchDialog</name>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Batch operations</source>
        <translation>批量操作</translation>
    </message>
    <message numerus="yes">
        <source>%n meter(s) selected:</source>
        <translation>
            <numerusform>已选 %n 块表：</numerusform>
        </translation>
    </message>
    <message>
        <source>Action:</source>
        <translation>操作：</translation>
    </message>
    <message>
        <source>Next…</source>
        <translation>下一步…</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>上一步</translation>
    </message>
    <message>
        <source>Confirm and send</source>
        <translation>确认并下发</translation>
    </message>
    <message>
        <source>%v of %m settled</source>
        <translation>已完成 %v / %m</translation>
    </message>
    <message>
        <source>Meter</source>
        <translation>表号</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>A tenant&apos;s meter keeps the order until it is changed: the service sends it and confirms it by reading the relay back, and retries a meter that does not answer. A meter already as ordered may need no command; the Relay column of the grid shows what each meter reads back.</source>
        <translation>住户的表会一直保持该指令，直到指令被更改：服务下发指令后回读继电器状态加以确认，并对无应答的表重试。已处于指令状态的表可能无需下发命令；表格中的“通断”列显示每块表回读的状态。</translation>
    </message>
    <message>
        <source>Retry failed</source>
        <translation>重试失败项</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message numerus="yes">
        <source>%1 and %n more</source>
        <translation>
            <numerusform>%1 等，另有 %n 块</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 — %n meter(s): %2</source>
        <translation>
            <numerusform>%1 — %n 块表：%2</numerusform>
        </translation>
    </message>
    <message>
        <source>Batch operations — %1</source>
        <translation>批量操作 — %1</translation>
    </message>
    <message>
        <source>%1 confirmed, %2 waiting for the meters, %3 refused, %4 failed</source>
        <translation>已确认 %1，等待表应答 %2，被拒绝 %3，失败 %4</translation>
    </message>
</context>
<context>
    <name>md::app::BatchRun</name>
    <message>
        <source>Force on (keep supplied whatever the balance)</source>
        <translation>保电（无论余额多少都保持供电）</translation>
    </message>
    <message>
        <source>Restore prepaid (the balance decides again)</source>
        <translation>恢复预付费（重新由余额决定）</translation>
    </message>
    <message>
        <source>Trip (cut the supply)</source>
        <translation>拉闸（切断供电）</translation>
    </message>
    <message>
        <source>Close (restore the supply)</source>
        <translation>合闸（恢复供电）</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>正在下发…</translation>
    </message>
    <message>
        <source>Accepted, waiting for the meter</source>
        <translation>已受理，等待表应答</translation>
    </message>
    <message>
        <source>Not confirmed yet, retrying</source>
        <translation>尚未确认，正在重试</translation>
    </message>
    <message>
        <source>Confirmed</source>
        <translation>已确认</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>被拒绝</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>The service did not answer for this meter</source>
        <translation>服务未对该表作出应答</translation>
    </message>
    <message>
        <source>The meter did not confirm the command</source>
        <translation>表未确认该命令</translation>
    </message>
</context>
<context>
    <name>md::app::BusDiagnosticsModel</name>
    <message>
        <source>Bus</source>
        <translation>总线</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>请求</translation>
    </message>
    <message>
        <source>Answers</source>
        <translation>应答</translation>
    </message>
    <message>
        <source>Timeouts</source>
        <translation>超时</translation>
    </message>
    <message>
        <source>Checksum errors</source>
        <translation>校验和错误</translation>
    </message>
    <message>
        <source>Wrong address</source>
        <translation>地址错误</translation>
    </message>
    <message>
        <source>Meter errors</source>
        <translation>表计错误</translation>
    </message>
    <message>
        <source>Success rate</source>
        <translation>成功率</translation>
    </message>
    <message>
        <source>Cycles</source>
        <translation>轮询次数</translation>
    </message>
    <message>
        <source>Last cycle</source>
        <translation>上次轮询</translation>
    </message>
    <message>
        <source>Latency p50</source>
        <translation>延迟 p50</translation>
    </message>
    <message>
        <source>Latency p95</source>
        <translation>延迟 p95</translation>
    </message>
    <message>
        <source>Latency p99</source>
        <translation>延迟 p99</translation>
    </message>
</context>
<context>
    <name>md::app::BusDiagnosticsView</name>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Read selected meters now</source>
        <translation>召测所选表</translation>
    </message>
    <message>
        <source>Address scan</source>
        <translation>地址扫描</translation>
    </message>
    <message>
        <source>Modbus unit ids</source>
        <translation>Modbus 从站号</translation>
    </message>
    <message>
        <source>DL/T 645 and CJ/T 188 broadcast</source>
        <translation>DL/T 645 和 CJ/T 188 广播</translation>
    </message>
    <message>
        <source>Scan</source>
        <translation>扫描</translation>
    </message>
    <message>
        <source>Bus:</source>
        <translation>总线：</translation>
    </message>
    <message>
        <source>Addresses:</source>
        <translation>地址：</translation>
    </message>
    <message>
        <source>Asking the service…</source>
        <translation>正在询问服务…</translation>
    </message>
    <message>
        <source>Meters on no configured bus (not read): %1</source>
        <translation>不在任何已配置总线上的表（不抄读）：%1</translation>
    </message>
    <message numerus="yes">
        <source>%n bus(es), %1 meter(s); as of %2</source>
        <translation>
            <numerusform>%n 条总线，%1 块表；更新于 %2</numerusform>
        </translation>
    </message>
    <message>
        <source>Scanning %1…</source>
        <translation>正在扫描 %1…</translation>
    </message>
    <message numerus="yes">
        <source>Scanning %1… found %n: %2</source>
        <translation>
            <numerusform>正在扫描 %1… 已找到 %n 块：%2</numerusform>
        </translation>
    </message>
    <message>
        <source>Scan of %1 finished: no meter answered.</source>
        <translation>%1 扫描完成：没有表应答。</translation>
    </message>
    <message numerus="yes">
        <source>Scan of %1 finished: %n meter(s) answered at %2.</source>
        <translation>
            <numerusform>%1 扫描完成：%n 块表在 %2 应答。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Read-now queued for %n meter(s); the figures refresh in a moment.</source>
        <translation>
            <numerusform>已为 %n 块表排队召测；数据稍后刷新。</numerusform>
        </translation>
    </message>
    <message>
        <source>Read now (召测): the selected meters are read ahead of the polling cycle</source>
        <translation>召测：所选表立即抄读，不等轮询周期</translation>
    </message>
</context>
<context>
    <name>md::app::ChangePasswordDialog</name>
    <message>
        <source>Change your password</source>
        <translation>修改密码</translation>
    </message>
    <message>
        <source>You logged in with a one-time password. Choose your own (at least 8 characters).</source>
        <translation>您是用一次性密码登录的，请设置自己的密码（至少 8 个字符）。</translation>
    </message>
    <message>
        <source>&amp;New password:</source>
        <translation>新密码(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Repeat:</source>
        <translation>确认新密码(&amp;R)：</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
</context>
<context>
    <name>md::app::LedgerModel</name>
    <message>
        <source>Opening</source>
        <translation>开户</translation>
    </message>
    <message>
        <source>Recharge</source>
        <translation>充值</translation>
    </message>
    <message>
        <source>Deduction</source>
        <translation>扣费</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>退费</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>转账</translation>
    </message>
    <message>
        <source>Closing settlement</source>
        <translation>销户结算</translation>
    </message>
    <message>
        <source>Correction</source>
        <translation>冲正</translation>
    </message>
    <message>
        <source>Adjustment</source>
        <translation>调账</translation>
    </message>
    <message>
        <source>Electricity</source>
        <translation>电</translation>
    </message>
    <message>
        <source>Water</source>
        <translation>水</translation>
    </message>
    <message>
        <source>Heat</source>
        <translation>热</translation>
    </message>
    <message>
        <source>This transaction has an explanation: select it to read it below.</source>
        <translation>此交易附有计费说明：选中后可在下方查看。</translation>
    </message>
    <message>
        <source> (reverses #%1)</source>
        <translation>（冲正 #%1）</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Wallet</source>
        <translation>钱包</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Balance before</source>
        <translation>原余额</translation>
    </message>
    <message>
        <source>Balance after</source>
        <translation>现余额</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>收据</translation>
    </message>
    <message>
        <source>Memo</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Transaction %1 — %2, %3 wallet</source>
        <translation>交易 %1 — %2，%3钱包</translation>
    </message>
    <message>
        <source>Amount: %1 yuan; balance %2 → %3</source>
        <translation>金额：%1 元；余额 %2 → %3</translation>
    </message>
    <message>
        <source>Receipt: %1</source>
        <translation>收据：%1</translation>
    </message>
    <message>
        <source>Reverses transaction %1</source>
        <translation>冲正交易 %1</translation>
    </message>
    <message>
        <source>Memo: %1</source>
        <translation>备注：%1</translation>
    </message>
    <message>
        <source>Explanation (readings, tier or segment lines, prices):</source>
        <translation>计费说明（读数、阶梯或时段明细、单价）：</translation>
    </message>
    <message>
        <source>No further explanation was recorded for this transaction.</source>
        <translation>此交易没有记录更多说明。</translation>
    </message>
    <message>
        <source>Tariff change</source>
        <translation>计费方案变更</translation>
    </message>
    <message>
        <source>Public-area apportionment</source>
        <translation>公摊</translation>
    </message>
    <message>
        <source>Public-area apportionment (run %1, group %2): meter %3 used %4 %5 from %6 to %7, costing %8 yuan; this account&apos;s share is %9 of %10 (%11), %12 yuan.</source>
        <translation>公摊（批次 %1，分组 %2）：表 %3 在 %6 至 %7 期间用量 %4 %5，费用 %8 元；本户份额为 %10 中的 %9（%11），计 %12 元。</translation>
    </message>
    <message>
        <source>room area in 0.01 m²</source>
        <translation>房间面积，单位 0.01 m²</translation>
    </message>
    <message>
        <source>fixed shares</source>
        <translation>固定份额</translation>
    </message>
    <message>
        <source>the collection service</source>
        <translation>采集服务</translation>
    </message>
    <message>
        <source>operator #%1</source>
        <translation>操作员 #%1</translation>
    </message>
    <message>
        <source>At: %1; by %2</source>
        <translation>时间：%1；经办：%2</translation>
    </message>
</context>
<context>
    <name>md::app::LoginDialog</name>
    <message>
        <source>MeterDesk — log in</source>
        <translation>MeterDesk — 登录</translation>
    </message>
    <message>
        <source>&amp;Service:</source>
        <translation>服务地址(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;Operator:</source>
        <translation>操作员(&amp;O)：</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>密码(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Log in</source>
        <translation>登录(&amp;L)</translation>
    </message>
    <message>
        <source>Type the service address as HOST:PORT, e.g. 127.0.0.1:7420.</source>
        <translation>请按 主机:端口 的格式输入服务地址，例如 127.0.0.1:7420。</translation>
    </message>
    <message>
        <source>Type your operator name.</source>
        <translation>请输入操作员名称。</translation>
    </message>
    <message>
        <source>The one-time password must be changed before you can work.</source>
        <translation>必须先修改一次性密码才能开始工作。</translation>
    </message>
    <message>
        <source>Wrong operator name or password.</source>
        <translation>操作员名称或密码错误。</translation>
    </message>
    <message>
        <source>This operator is locked after too many failed logins. Wait, or ask an administrator to reset the password.</source>
        <translation>该操作员因登录失败次数过多已被锁定。请稍后再试，或请管理员重置密码。</translation>
    </message>
    <message>
        <source>This operator is deactivated. Ask an administrator.</source>
        <translation>该操作员已被停用，请联系管理员。</translation>
    </message>
</context>
<context>
    <name>md::app::MainWindow</name>
    <message>
        <source>MeterDesk front desk</source>
        <translation>MeterDesk 收费前台</translation>
    </message>
    <message>
        <source>Search account number, tenant or phone (Ctrl+F); Enter looks up an account number</source>
        <translation>搜索户号、户名或电话（Ctrl+F）；按回车直接查找户号</translation>
    </message>
    <message>
        <source>Desk</source>
        <translation>前台</translation>
    </message>
    <message>
        <source>Recharge (F2)</source>
        <translation>充值 (F2)</translation>
    </message>
    <message>
        <source>Open account (F3)</source>
        <translation>开户 (F3)</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>收据</translation>
    </message>
    <message>
        <source>Reprint receipt… (F4)</source>
        <translation>补打收据… (F4)</translation>
    </message>
    <message>
        <source>Reprint receipt</source>
        <translation>补打收据</translation>
    </message>
    <message>
        <source>Print preview… (Ctrl+P)</source>
        <translation>打印预览… (Ctrl+P)</translation>
    </message>
    <message>
        <source>Print preview</source>
        <translation>打印预览</translation>
    </message>
    <message>
        <source>Save receipt as PDF… (Ctrl+S)</source>
        <translation>收据另存为 PDF… (Ctrl+S)</translation>
    </message>
    <message>
        <source>Save receipt as PDF</source>
        <translation>收据另存为 PDF</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Reconnect</source>
        <translation>重新连接</translation>
    </message>
    <message>
        <source>%1 @ %2:%3 — %4</source>
        <translation>%1 @ %2:%3 — %4</translation>
    </message>
    <message>
        <source>Receipt number:</source>
        <translation>收据编号：</translation>
    </message>
    <message>
        <source>Accounts</source>
        <translation>账户</translation>
    </message>
    <message>
        <source>Meters</source>
        <translation>表计</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>报表</translation>
    </message>
    <message>
        <source>Administration</source>
        <translation>系统管理</translation>
    </message>
</context>
<context>
    <name>md::app::MakerRequestDialog</name>
    <message>
        <source>Account:</source>
        <translation>账户：</translation>
    </message>
    <message>
        <source>Refund (request for approval)</source>
        <translation>退费（提交审批）</translation>
    </message>
    <message>
        <source>Yuan, e.g. 20.50</source>
        <translation>单位：元，例如 20.50</translation>
    </message>
    <message>
        <source>&amp;Amount:</source>
        <translation>金额(&amp;A)：</translation>
    </message>
    <message>
        <source>&amp;Wallet:</source>
        <translation>钱包(&amp;W)：</translation>
    </message>
    <message>
        <source>Close account with settlement</source>
        <translation>销户并结算</translation>
    </message>
    <message>
        <source>The wallets are settled: a positive total is paid out after a second manager approves; arrears are collected at once and the account closes.</source>
        <translation>各钱包将结清：余额合计为正时，须经另一位主管审批后退还；如有欠费则当即收取，账户随即销户。</translation>
    </message>
    <message>
        <source>Correction (request for approval)</source>
        <translation>冲正（提交审批）</translation>
    </message>
    <message>
        <source>&amp;Transaction to reverse:</source>
        <translation>要冲正的交易(&amp;T)：</translation>
    </message>
    <message>
        <source>&amp;Channel:</source>
        <translation>支付方式(&amp;C)：</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>原因(&amp;R)：</translation>
    </message>
    <message>
        <source>&amp;Memo:</source>
        <translation>备注(&amp;K)：</translation>
    </message>
    <message>
        <source>&amp;Close account</source>
        <translation>销户(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Submit for approval</source>
        <translation>提交审批(&amp;S)</translation>
    </message>
    <message>
        <source>Only a cashier or a manager may file this request.</source>
        <translation>只有收费员或主管才能提交此申请。</translation>
    </message>
    <message>
        <source>Enter the number of the transaction to reverse.</source>
        <translation>请输入要冲正的交易号。</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>正在提交…</translation>
    </message>
    <message>
        <source>Request %1 is PENDING APPROVAL: a different manager must approve it in the approvals view. Nothing has been paid or posted yet.</source>
        <translation>申请 %1 正在等待审批：须由另一位主管在审批界面中批准。目前尚未付款或记账。</translation>
    </message>
    <message>
        <source>Done: the account is closed (transaction %1, %2 yuan).</source>
        <translation>完成：账户已销户（交易 %1，%2 元）。</translation>
    </message>
</context>
<context>
    <name>md::app::MeterDiagnosticsModel</name>
    <message>
        <source>Lost</source>
        <translation>失联</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <source>Bus</source>
        <translation>总线</translation>
    </message>
    <message>
        <source>Meter no.</source>
        <translation>表编号</translation>
    </message>
    <message>
        <source>Nameplate</source>
        <translation>铭牌表号</translation>
    </message>
    <message>
        <source>Success rate</source>
        <translation>成功率</translation>
    </message>
    <message>
        <source>Reads</source>
        <translation>抄读次数</translation>
    </message>
    <message>
        <source>Timeouts</source>
        <translation>超时</translation>
    </message>
    <message>
        <source>Checksum errors</source>
        <translation>校验和错误</translation>
    </message>
    <message>
        <source>Missed cycles</source>
        <translation>漏抄次数</translation>
    </message>
    <message>
        <source>Adaptive timeout</source>
        <translation>自适应超时</translation>
    </message>
    <message>
        <source>Latency p95</source>
        <translation>延迟 p95</translation>
    </message>
    <message>
        <source>Last good reading</source>
        <translation>最近一次成功抄读</translation>
    </message>
</context>
<context>
    <name>md::app::MeterModel</name>
    <message>
        <source>%1, account %2, phone %3</source>
        <translation>%1，户号 %2，电话 %3</translation>
    </message>
    <message>
        <source>Room</source>
        <translation>房号</translation>
    </message>
    <message>
        <source>Tenant</source>
        <translation>户名</translation>
    </message>
    <message>
        <source>Meter number</source>
        <translation>表号</translation>
    </message>
    <message>
        <source>Utility</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Balance (yuan)</source>
        <translation>余额（元）</translation>
    </message>
    <message>
        <source>Last reading</source>
        <translation>最近读数</translation>
    </message>
    <message>
        <source>Reading time</source>
        <translation>抄表时间</translation>
    </message>
    <message>
        <source>Relay</source>
        <translation>通断</translation>
    </message>
</context>
<context>
    <name>md::app::MeterPane</name>
    <message>
        <source>All meters</source>
        <translation>全部表计</translation>
    </message>
    <message>
        <source>Search room, tenant, phone or meter number</source>
        <translation>搜索房号、户名、电话或表号</translation>
    </message>
    <message>
        <source>Batch operations…</source>
        <translation>批量操作…</translation>
    </message>
    <message>
        <source>Export to Excel…</source>
        <translation>导出到 Excel…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Exported to %1 (%2 ms)</source>
        <translation>已导出到 %1（%2 毫秒）</translation>
    </message>
    <message>
        <source>Force on, restore prepaid, trip or close the selected meters</source>
        <translation>对所选表执行保电、恢复预付费、拉闸或合闸</translation>
    </message>
    <message>
        <source>Only a manager may switch meters remotely</source>
        <translation>只有主管才能远程通断表计</translation>
    </message>
    <message>
        <source>%1 of %2 meters shown, %3 selected</source>
        <translation>显示 %1 / %2 块表，已选 %3 块</translation>
    </message>
    <message>
        <source>Select the meters first (Ctrl or Shift and click for several)</source>
        <translation>请先选择表（按住 Ctrl 或 Shift 单击可多选）</translation>
    </message>
    <message>
        <source>meters-%1.xlsx</source>
        <translation>表计-%1.xlsx</translation>
    </message>
    <message>
        <source>Export meters to Excel</source>
        <translation>导出表计到 Excel</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Swap meter…</source>
        <translation>换表…</translation>
    </message>
    <message>
        <source>Replace the current meter: its final reading is billed, the new meter joins its account</source>
        <translation>更换当前表：结算旧表的最终读数，新表加入其账户</translation>
    </message>
    <message>
        <source>Only an engineer or a manager may swap meters</source>
        <translation>只有工程师或主管才能换表</translation>
    </message>
    <message>
        <source>Select the meter to swap first</source>
        <translation>请先选择要更换的表</translation>
    </message>
    <message>
        <source>Meter %1 swapped for %2</source>
        <translation>表 %1 已换为 %2</translation>
    </message>
</context>
<context>
    <name>md::app::MeterRow</name>
    <message>
        <source>Electricity</source>
        <translation>电</translation>
    </message>
    <message>
        <source>Water</source>
        <translation>水</translation>
    </message>
    <message>
        <source>Heat</source>
        <translation>热</translation>
    </message>
    <message>
        <source>On</source>
        <translation>合闸</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>拉闸</translation>
    </message>
    <message>
        <source>Forced on</source>
        <translation>保电</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>%1 (ordered %2)</source>
        <translation>%1（指令：%2）</translation>
    </message>
</context>
<context>
    <name>md::app::MeterSwapDialog</name>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>Sharp (尖)</source>
        <translation>尖</translation>
    </message>
    <message>
        <source>Peak (峰)</source>
        <translation>峰</translation>
    </message>
    <message>
        <source>Flat (平)</source>
        <translation>平</translation>
    </message>
    <message>
        <source>Valley (谷)</source>
        <translation>谷</translation>
    </message>
    <message>
        <source>Required.</source>
        <translation>必填。</translation>
    </message>
    <message>
        <source>A register is never negative.</source>
        <translation>计度器示数不能为负数。</translation>
    </message>
    <message>
        <source>Not a number: digits with a decimal point, e.g. 1234.56.</source>
        <translation>不是数字：应为带小数点的数字，例如 1234.56。</translation>
    </message>
    <message>
        <source>At most three decimals (the meter&apos;s register in thousandths).</source>
        <translation>最多三位小数（表的计度器以千分之一计）。</translation>
    </message>
    <message>
        <source>A decimal point needs digits after it, e.g. 1234.5.</source>
        <translation>小数点后须有数字，例如 1234.5。</translation>
    </message>
    <message>
        <source>Swap meter (换表)</source>
        <translation>换表</translation>
    </message>
    <message>
        <source>Loading the meter…</source>
        <translation>正在加载表信息…</translation>
    </message>
    <message>
        <source>Final reading of the old meter</source>
        <translation>旧表最终读数</translation>
    </message>
    <message>
        <source>as on its display, e.g. 1234.56</source>
        <translation>按表显示屏上的示数，例如 1234.56</translation>
    </message>
    <message>
        <source>New meter</source>
        <translation>新表</translation>
    </message>
    <message>
        <source>&amp;Nameplate (表号):</source>
        <translation>铭牌表号(&amp;N)：</translation>
    </message>
    <message>
        <source>the number on the new meter</source>
        <translation>新表上的编号</translation>
    </message>
    <message>
        <source>&amp;Bus:</source>
        <translation>总线(&amp;B)：</translation>
    </message>
    <message>
        <source>Modbus RTU</source>
        <translation>Modbus RTU</translation>
    </message>
    <message>
        <source>DL/T 645-2007</source>
        <translation>DL/T 645-2007</translation>
    </message>
    <message>
        <source>CJ/T 188 (water, heat)</source>
        <translation>CJ/T 188（水、热）</translation>
    </message>
    <message>
        <source>&amp;Protocol:</source>
        <translation>通信规约(&amp;P)：</translation>
    </message>
    <message>
        <source>Register &amp;map:</source>
        <translation>寄存器映射(&amp;M)：</translation>
    </message>
    <message>
        <source>&amp;Address:</source>
        <translation>地址(&amp;A)：</translation>
    </message>
    <message>
        <source>Utility:</source>
        <translation>类别：</translation>
    </message>
    <message>
        <source>Initial reading of the new meter</source>
        <translation>新表初始读数</translation>
    </message>
    <message>
        <source>as on its display, e.g. 0.02</source>
        <translation>按表显示屏上的示数，例如 0.02</translation>
    </message>
    <message>
        <source>&amp;Time of the swap:</source>
        <translation>换表时间(&amp;T)：</translation>
    </message>
    <message>
        <source>e.g. display broken, meter burnt, upgrade</source>
        <translation>例如：显示屏损坏、表烧毁、升级</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>原因(&amp;R)：</translation>
    </message>
    <message>
        <source>&amp;Swap meter</source>
        <translation>换表(&amp;S)</translation>
    </message>
    <message>
        <source>Old meter %1 (%2) on %3, address %4</source>
        <translation>旧表 %1（%2），总线 %3，地址 %4</translation>
    </message>
    <message>
        <source>In no room.</source>
        <translation>不属于任何房间。</translation>
    </message>
    <message>
        <source>Room %1.</source>
        <translation>房间 %1。</translation>
    </message>
    <message>
        <source>No account: the final reading is stored, nothing is billed.</source>
        <translation>无账户：保存最终读数，不计费。</translation>
    </message>
    <message>
        <source>Account %1 %2: the final reading is billed to it and the new meter joins it.</source>
        <translation>账户 %1 %2：向其结算最终读数，新表加入该账户。</translation>
    </message>
    <message>
        <source>Never read.</source>
        <translation>从未抄读。</translation>
    </message>
    <message>
        <source>Last reading %1 %2 at %3.</source>
        <translation>最近读数 %1 %2，时间 %3。</translation>
    </message>
    <message>
        <source>%1 (the old meter&apos;s)</source>
        <translation>%1（与旧表相同）</translation>
    </message>
    <message>
        <source>This meter was removed: there is nothing to swap.</source>
        <translation>该表已拆除：没有可换的表。</translation>
    </message>
    <message>
        <source>Final reading of the old meter (%1)</source>
        <translation>旧表最终读数（%1）</translation>
    </message>
    <message>
        <source>Initial reading of the new meter (%1)</source>
        <translation>新表初始读数（%1）</translation>
    </message>
    <message>
        <source>Below the meter&apos;s last reading, %1 %2 at %3: read the display again.</source>
        <translation>低于该表最近读数（%1 %2，时间 %3）：请重新查看显示屏。</translation>
    </message>
    <message>
        <source>That is the old meter&apos;s number: type the new meter&apos;s.</source>
        <translation>这是旧表的表号：请输入新表的表号。</translation>
    </message>
    <message>
        <source>Digits only.</source>
        <translation>只能输入数字。</translation>
    </message>
    <message>
        <source>A Modbus address is 1 to 247.</source>
        <translation>Modbus 地址为 1 到 247。</translation>
    </message>
    <message>
        <source>A DL/T 645 address is the 12 digits on the nameplate (%1 typed).</source>
        <translation>DL/T 645 地址是铭牌上的 12 位数字（已输入 %1 位）。</translation>
    </message>
    <message>
        <source>A CJ/T 188 address is the 14 digits on the nameplate (%1 typed).</source>
        <translation>CJ/T 188 地址是铭牌上的 14 位数字（已输入 %1 位）。</translation>
    </message>
    <message>
        <source>The swap cannot be in the future.</source>
        <translation>换表时间不能在将来。</translation>
    </message>
    <message>
        <source>Must be after the meter&apos;s last reading (%1).</source>
        <translation>必须晚于该表的最近读数（%1）。</translation>
    </message>
    <message>
        <source>Correct the fields marked in red.</source>
        <translation>请更正标红的字段。</translation>
    </message>
    <message>
        <source>Swapping…</source>
        <translation>正在换表…</translation>
    </message>
    <message>
        <source>The final reading was billed: %1 yuan deducted (transaction %2), balance now %3 yuan.</source>
        <translation>最终读数已结算：扣费 %1 元（交易 %2），当前余额 %3 元。</translation>
    </message>
    <message>
        <source>The final reading was the old meter&apos;s first: it is stored, nothing was billed.</source>
        <translation>最终读数是旧表的第一条读数：已保存，未计费。</translation>
    </message>
    <message>
        <source>The account has no collection settings (tariff): the final reading is stored, nothing was billed.</source>
        <translation>该账户没有采集设置（计费方案）：最终读数已保存，未计费。</translation>
    </message>
    <message>
        <source>The meter belongs to no account: the final reading is stored, nothing was billed.</source>
        <translation>该表不属于任何账户：最终读数已保存，未计费。</translation>
    </message>
    <message>
        <source>Final reading: %1, %2 yuan.</source>
        <translation>最终读数：%1，%2 元。</translation>
    </message>
    <message>
        <source>Done. Meter %1 is removed; meter %2 is installed</source>
        <translation>完成。表 %1 已拆除；表 %2 已安装</translation>
    </message>
    <message>
        <source> on account %1</source>
        <translation>，归入账户 %1</translation>
    </message>
    <message>
        <source>The tariff position (ladder tier, year to date) continues on the new meter.</source>
        <translation>计费进度（阶梯档位、年度累计）在新表上延续。</translation>
    </message>
    <message>
        <source>Note: %1</source>
        <translation>注意：%1</translation>
    </message>
    <message>
        <source>Another meter has this nameplate or this bus address (the service&apos;s answer is below).</source>
        <translation>已有其他表使用该铭牌表号或该总线地址（服务的应答见下）。</translation>
    </message>
    <message>
        <source>The meter was already removed (perhaps swapped from another desk): nothing was changed.
%1</source>
        <translation>该表已被拆除（可能已在其他前台换表）：未做任何更改。
%1</translation>
    </message>
    <message>
        <source>The service refused the swap; nothing was changed:
%1</source>
        <translation>服务拒绝了换表，未做任何更改：
%1</translation>
    </message>
</context>
<context>
    <name>md::app::MeterXlsxExport</name>
    <message>
        <source>Room</source>
        <translation>房号</translation>
    </message>
    <message>
        <source>Tenant</source>
        <translation>户名</translation>
    </message>
    <message>
        <source>Meter number</source>
        <translation>表号</translation>
    </message>
    <message>
        <source>Utility</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Balance (yuan)</source>
        <translation>余额（元）</translation>
    </message>
    <message>
        <source>Last reading</source>
        <translation>最近读数</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Reading time</source>
        <translation>抄表时间</translation>
    </message>
    <message>
        <source>Relay</source>
        <translation>通断</translation>
    </message>
    <message>
        <source>Cannot create %1</source>
        <translation>无法创建 %1</translation>
    </message>
    <message>
        <source>Meters</source>
        <translation>表计</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
</context>
<context>
    <name>md::app::OpenAccountDialog</name>
    <message>
        <source>Open an account</source>
        <translation>开户</translation>
    </message>
    <message>
        <source>e.g. 3-1202 (building-room)</source>
        <translation>例如 3-1202（楼号-房号）</translation>
    </message>
    <message>
        <source>Optional first recharge, yuan</source>
        <translation>可选：首次充值金额（元）</translation>
    </message>
    <message>
        <source>&amp;Account number:</source>
        <translation>户号(&amp;A)：</translation>
    </message>
    <message>
        <source>&amp;Tenant:</source>
        <translation>户名(&amp;T)：</translation>
    </message>
    <message>
        <source>&amp;Phone:</source>
        <translation>电话(&amp;P)：</translation>
    </message>
    <message>
        <source>First &amp;recharge:</source>
        <translation>首次充值(&amp;R)：</translation>
    </message>
    <message>
        <source>&amp;Channel:</source>
        <translation>支付方式(&amp;C)：</translation>
    </message>
    <message>
        <source>Open account</source>
        <translation>开户</translation>
    </message>
    <message>
        <source>The account number and the tenant are needed.</source>
        <translation>户号和户名为必填项。</translation>
    </message>
    <message>
        <source>Type the first recharge in yuan, more than zero, at most two decimals (or leave it empty).</source>
        <translation>请输入首次充值金额（元），须大于零、最多两位小数（也可留空）。</translation>
    </message>
    <message>
        <source>Opening…</source>
        <translation>正在开户…</translation>
    </message>
    <message>
        <source>Recharging…</source>
        <translation>正在充值…</translation>
    </message>
</context>
<context>
    <name>md::app::OperatorAdmin</name>
    <message>
        <source>New operator…</source>
        <translation>新建操作员…</translation>
    </message>
    <message>
        <source>Role:</source>
        <translation>角色：</translation>
    </message>
    <message>
        <source>Change role</source>
        <translation>变更角色</translation>
    </message>
    <message>
        <source>Deactivate</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>Reset password…</source>
        <translation>重置密码…</translation>
    </message>
    <message>
        <source>Read only: only an administrator changes operators.</source>
        <translation>只读：只有系统管理员才能修改操作员。</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Activate</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Operator %1 created.</source>
        <translation>操作员 %1 已创建。</translation>
    </message>
    <message>
        <source>%1 is now %2.</source>
        <translation>%1 现在的角色是%2。</translation>
    </message>
    <message>
        <source>%1 is active again.</source>
        <translation>%1 已重新启用。</translation>
    </message>
    <message>
        <source>Deactivate operator</source>
        <translation>停用操作员</translation>
    </message>
    <message>
        <source>Deactivate %1? They can no longer log in, and their open sessions end.</source>
        <translation>停用 %1？停用后将无法登录，其已打开的会话也会结束。</translation>
    </message>
    <message>
        <source>%1 is deactivated.</source>
        <translation>%1 已停用。</translation>
    </message>
    <message>
        <source>Reset password</source>
        <translation>重置密码</translation>
    </message>
    <message>
        <source>Give %1 a new temporary password? The old one stops working.</source>
        <translation>为 %1 生成新的临时密码？旧密码将失效。</translation>
    </message>
    <message>
        <source>New temporary password for %1.</source>
        <translation>%1 的新临时密码。</translation>
    </message>
    <message>
        <source>A new temporary password, shown once; also lifts a lockout</source>
        <translation>生成新的临时密码（只显示一次）；同时解除锁定</translation>
    </message>
</context>
<context>
    <name>md::app::OperatorCreateDialog</name>
    <message>
        <source>New operator</source>
        <translation>新建操作员</translation>
    </message>
    <message>
        <source>letters, digits, . _ -</source>
        <translation>字母、数字、. _ -</translation>
    </message>
    <message>
        <source>as printed on receipts (default: the login name)</source>
        <translation>打印在收据上的名称（默认：登录名）</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>创建</translation>
    </message>
    <message>
        <source>Login name:</source>
        <translation>登录名：</translation>
    </message>
    <message>
        <source>Display name:</source>
        <translation>显示名称：</translation>
    </message>
    <message>
        <source>Role:</source>
        <translation>角色：</translation>
    </message>
    <message>
        <source>Enter a login name.</source>
        <translation>请输入登录名。</translation>
    </message>
</context>
<context>
    <name>md::app::OperatorModel</name>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>在用</translation>
    </message>
    <message>
        <source>Deactivated</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>Login name</source>
        <translation>登录名</translation>
    </message>
    <message>
        <source>Display name</source>
        <translation>显示名称</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Locked out</source>
        <translation>已锁定</translation>
    </message>
    <message>
        <source>Must change password</source>
        <translation>须修改密码</translation>
    </message>
    <message>
        <source>Locked after too many wrong passwords; a password reset lifts the lockout.</source>
        <translation>密码错误次数过多已被锁定；重置密码即可解除锁定。</translation>
    </message>
</context>
<context>
    <name>md::app::PendingRequestsView</name>
    <message>
        <source>Only managers and auditors see the requests waiting for approval; a manager decides them in the approvals view (F7).</source>
        <translation>只有主管和审计员可以查看待审批的申请；申请由主管在审批界面（F7）中处理。</translation>
    </message>
    <message>
        <source>No request of this account is waiting for approval.</source>
        <translation>该账户没有待审批的申请。</translation>
    </message>
    <message numerus="yes">
        <source>%n request(s) of this account wait for a second manager&apos;s approval; nothing of them has moved yet.</source>
        <translation>
            <numerusform>该账户有 %n 个申请等待另一位主管审批；这些申请尚未执行。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>md::app::PropertyTreeModel</name>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Property</source>
        <translation>物业</translation>
    </message>
    <message>
        <source>Meters</source>
        <translation>表数</translation>
    </message>
</context>
<context>
    <name>md::app::ReadingHistoryView</name>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Meter:</source>
        <translation>表：</translation>
    </message>
    <message>
        <source>From:</source>
        <translation>从：</translation>
    </message>
    <message>
        <source>to:</source>
        <translation>至：</translation>
    </message>
    <message>
        <source>This account has no meter.</source>
        <translation>该账户没有表。</translation>
    </message>
    <message>
        <source>The first day is after the last.</source>
        <translation>开始日期晚于结束日期。</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>Total register, %1</source>
        <translation>总示数 — %1</translation>
    </message>
    <message>
        <source>No reading of this meter from %1 to %2.</source>
        <translation>%1 至 %2 期间该表没有读数。</translation>
    </message>
    <message numerus="yes">
        <source>%n reading(s), oldest first</source>
        <translation>
            <numerusform>%n 条读数，按时间先后排列</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>; %n refused (in red, not drawn)</source>
        <translation>
            <numerusform>；%n 条被拒绝（红色显示，未绘入图表）</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>md::app::ReadingModel</name>
    <message>
        <source>first reading</source>
        <translation>首次读数</translation>
    </message>
    <message>
        <source>billed</source>
        <translation>已计费</translation>
    </message>
    <message>
        <source>refused</source>
        <translation>被拒绝</translation>
    </message>
    <message>
        <source>counter reset</source>
        <translation>计数器复位</translation>
    </message>
    <message>
        <source>no account</source>
        <translation>无账户</translation>
    </message>
    <message>
        <source>not billed</source>
        <translation>未计费</translation>
    </message>
    <message>
        <source>battery low</source>
        <translation>电池电量低</translation>
    </message>
    <message>
        <source>transaction %1</source>
        <translation>交易 %1</translation>
    </message>
    <message>
        <source>Read at</source>
        <translation>抄表时间</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>Total (%1)</source>
        <translation>合计（%1）</translation>
    </message>
    <message>
        <source>Sharp</source>
        <translation>尖</translation>
    </message>
    <message>
        <source>Peak</source>
        <translation>峰</translation>
    </message>
    <message>
        <source>Flat</source>
        <translation>平</translation>
    </message>
    <message>
        <source>Valley</source>
        <translation>谷</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Why refused</source>
        <translation>拒绝原因</translation>
    </message>
</context>
<context>
    <name>md::app::ReceiptActions</name>
    <message>
        <source>Receipt %1 reprinted as %2 (%3).</source>
        <translation>收据 %1 已补打，标记“%2”（%3）。</translation>
    </message>
    <message>
        <source>Receipt %1 saved as %2.</source>
        <translation>收据 %1 已保存为 %2。</translation>
    </message>
</context>
<context>
    <name>md::app::ReceiptPrinter</name>
    <message>
        <source>Receipt form</source>
        <translation>收据版式</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>收据</translation>
    </message>
    <message>
        <source>The printer %1 cannot be opened.</source>
        <translation>无法打开打印机 %1。</translation>
    </message>
    <message>
        <source>The file %1 cannot be written.</source>
        <translation>无法写入文件 %1。</translation>
    </message>
</context>
<context>
    <name>md::app::RechargeDialog</name>
    <message>
        <source>Recharge</source>
        <translation>充值</translation>
    </message>
    <message>
        <source>Account number, then Enter</source>
        <translation>输入户号后按回车</translation>
    </message>
    <message>
        <source>Yuan, e.g. 100 or 88.50</source>
        <translation>金额（元），例如 100 或 88.50</translation>
    </message>
    <message>
        <source>&amp;Account:</source>
        <translation>户号(&amp;A)：</translation>
    </message>
    <message>
        <source>Tenant:</source>
        <translation>户名：</translation>
    </message>
    <message>
        <source>A&amp;mount:</source>
        <translation>金额(&amp;M)：</translation>
    </message>
    <message>
        <source>&amp;Channel:</source>
        <translation>支付方式(&amp;C)：</translation>
    </message>
    <message>
        <source>Confirm and print (Enter)</source>
        <translation>确认并打印（回车）</translation>
    </message>
    <message>
        <source>Looking up %1…</source>
        <translation>正在查询 %1…</translation>
    </message>
    <message>
        <source>%1 — balance ¥%2</source>
        <translation>%1 — 余额 ¥%2</translation>
    </message>
    <message>
        <source>The account %1 is closed.</source>
        <translation>账户 %1 已销户。</translation>
    </message>
    <message>
        <source>Type the amount in yuan, more than zero, at most two decimals.</source>
        <translation>请输入金额（元），须大于零、最多两位小数。</translation>
    </message>
    <message>
        <source>%1 %2: ¥%3 by %4
Balance ¥%5  →  ¥%6</source>
        <translation>%1 %2：%4充值 ¥%3
余额 ¥%5  →  ¥%6</translation>
    </message>
    <message>
        <source>Enter to confirm, Esc to cancel.</source>
        <translation>按回车确认，按 Esc 取消。</translation>
    </message>
    <message>
        <source>Posting…</source>
        <translation>正在提交…</translation>
    </message>
    <message>
        <source>Recharged: balance ¥%1.</source>
        <translation>充值成功：余额 ¥%1。</translation>
    </message>
    <message>
        <source>%1 Receipt %2 printed (%3).</source>
        <translation>%1 收据 %2 已打印（%3）。</translation>
    </message>
</context>
<context>
    <name>md::app::ReportData</name>
    <message>
        <source>The report has a column of an unknown type &quot;%1&quot;.</source>
        <translation>报表中有一列的类型“%1”未知。</translation>
    </message>
    <message>
        <source>The report has no columns.</source>
        <translation>报表没有任何列。</translation>
    </message>
    <message>
        <source>The report&apos;s value &quot;%1&quot; in column &quot;%2&quot; cannot be read.</source>
        <translation>无法读取报表中“%2”列的值“%1”。</translation>
    </message>
</context>
<context>
    <name>md::app::ReportPrinter</name>
    <message>
        <source>Page %1 of %2</source>
        <translation>第 %1 页，共 %2 页</translation>
    </message>
    <message>
        <source>Period: %1</source>
        <translation>期间：%1</translation>
    </message>
    <message>
        <source>Generated: %1</source>
        <translation>生成时间：%1</translation>
    </message>
    <message>
        <source>Operator: %1</source>
        <translation>操作员：%1</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>报表</translation>
    </message>
    <message>
        <source>The file %1 cannot be written.</source>
        <translation>无法写入文件 %1。</translation>
    </message>
    <message>
        <source>The printer %1 cannot be opened.</source>
        <translation>无法打开打印机 %1。</translation>
    </message>
</context>
<context>
    <name>md::app::ReportRequest</name>
    <message>
        <source>%1 to %2</source>
        <translation>%1 至 %2</translation>
    </message>
    <message>
        <source>by year</source>
        <translation>按年</translation>
    </message>
    <message>
        <source>by month</source>
        <translation>按月</translation>
    </message>
    <message>
        <source>by day</source>
        <translation>按日</translation>
    </message>
    <message>
        <source>by cashier</source>
        <translation>按收费员</translation>
    </message>
    <message>
        <source>Sales (daily/monthly/yearly)</source>
        <translation>收费统计（日/月/年）</translation>
    </message>
    <message>
        <source>Account ledger (opening/closing)</source>
        <translation>账户台账（期初/期末）</translation>
    </message>
    <message>
        <source>Shift takings</source>
        <translation>交班收款</translation>
    </message>
    <message>
        <source>Arrears and alarms</source>
        <translation>欠费与预警</translation>
    </message>
    <message>
        <source>Reconciliation</source>
        <translation>对账</translation>
    </message>
    <message>
        <source>Public-area apportionment (approved runs)</source>
        <translation>公摊（已批准批次）</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <comment>a period and how it is grouped</comment>
        <translation>%1，%2</translation>
    </message>
</context>
<context>
    <name>md::app::ReportXlsxExport</name>
    <message>
        <source>Cannot create %1</source>
        <translation>无法创建 %1</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>报表</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
</context>
<context>
    <name>md::app::ReportsPane</name>
    <message>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>This month</source>
        <translation>本月</translation>
    </message>
    <message>
        <source>Last month</source>
        <translation>上月</translation>
    </message>
    <message>
        <source>This year</source>
        <translation>今年</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <source>By day</source>
        <translation>按日</translation>
    </message>
    <message>
        <source>By month</source>
        <translation>按月</translation>
    </message>
    <message>
        <source>By year</source>
        <translation>按年</translation>
    </message>
    <message>
        <source>By cashier</source>
        <translation>按收费员</translation>
    </message>
    <message>
        <source>Alarm 1 and worse</source>
        <translation>一级预警及以上</translation>
    </message>
    <message>
        <source>Alarm 2 and worse</source>
        <translation>二级预警及以上</translation>
    </message>
    <message>
        <source>In arrears only</source>
        <translation>仅欠费</translation>
    </message>
    <message>
        <source>Run report (F5)</source>
        <translation>生成报表 (F5)</translation>
    </message>
    <message>
        <source>Report:</source>
        <translation>报表：</translation>
    </message>
    <message>
        <source>Period:</source>
        <translation>期间：</translation>
    </message>
    <message>
        <source>Bar chart</source>
        <translation>柱状图</translation>
    </message>
    <message>
        <source>Line chart</source>
        <translation>折线图</translation>
    </message>
    <message>
        <source>Export to Excel…</source>
        <translation>导出到 Excel…</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <source>Save as PDF…</source>
        <translation>另存为 PDF…</translation>
    </message>
    <message>
        <source>Print report</source>
        <translation>打印报表</translation>
    </message>
    <message>
        <source>Chart:</source>
        <translation>图表：</translation>
    </message>
    <message>
        <source>Asking the service for the report…</source>
        <translation>正在向服务请求报表…</translation>
    </message>
    <message>
        <source>The report could not be made: %1</source>
        <translation>无法生成报表：%1</translation>
    </message>
    <message>
        <source>Exported to %1</source>
        <translation>已导出到 %1</translation>
    </message>
    <message>
        <source>The period ends before it begins.</source>
        <translation>统计期间的结束日期早于开始日期。</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n row(s)</source>
        <translation>
            <numerusform>%1：%n 行</numerusform>
        </translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <source>Saved as %1</source>
        <translation>已保存为 %1</translation>
    </message>
    <message>
        <source>Export report to Excel</source>
        <translation>导出报表到 Excel</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Save report as PDF</source>
        <translation>将报表另存为 PDF</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Public-area apportionment…</source>
        <translation>公摊…</translation>
    </message>
    <message>
        <source>Apportionment groups…</source>
        <translation>公摊分组…</translation>
    </message>
</context>
<context>
    <name>md::app::StartupOptions</name>
    <message>
        <source>MeterDesk front desk</source>
        <translation>MeterDesk 收费前台</translation>
    </message>
    <message>
        <source>Log in as NAME at once.</source>
        <translation>立即以 NAME 登录。</translation>
    </message>
    <message>
        <source>NAME</source>
        <translation>NAME</translation>
    </message>
    <message>
        <source>Read the password from FILE (mode 0600, yours; otherwise it is ignored).</source>
        <translation>从 FILE 读取密码（须为本人所有且权限为 0600，否则忽略）。</translation>
    </message>
    <message>
        <source>FILE</source>
        <translation>FILE</translation>
    </message>
    <message>
        <source>The service&apos;s address.</source>
        <translation>服务地址。</translation>
    </message>
    <message>
        <source>HOST:PORT</source>
        <translation>HOST:PORT</translation>
    </message>
    <message>
        <source>Unexpected argument: %1</source>
        <translation>无法识别的参数：%1</translation>
    </message>
    <message>
        <source>--password-file needs --login NAME.</source>
        <translation>--password-file 需要与 --login NAME 一起使用。</translation>
    </message>
    <message>
        <source>The password file %1 is a symbolic link: ignored.</source>
        <translation>密码文件 %1 是符号链接：已忽略。</translation>
    </message>
    <message>
        <source>There is no password file %1.</source>
        <translation>密码文件 %1 不存在。</translation>
    </message>
    <message>
        <source>The password file %1 belongs to another user: ignored.</source>
        <translation>密码文件 %1 属于其他用户：已忽略。</translation>
    </message>
    <message>
        <source>Others may read the password file %1 (it must be mode 0600): ignored.</source>
        <translation>其他用户可以读取密码文件 %1（权限必须为 0600）：已忽略。</translation>
    </message>
    <message>
        <source>Cannot read the password file %1: %2</source>
        <translation>无法读取密码文件 %1：%2</translation>
    </message>
    <message>
        <source>The password file %1 is empty.</source>
        <translation>密码文件 %1 为空。</translation>
    </message>
</context>
<context>
    <name>md::app::StateLegend</name>
    <message>
        <source>Legend:</source>
        <translation>图例：</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
</context>
<context>
    <name>md::app::TemporaryPasswordDialog</name>
    <message>
        <source>Password reset</source>
        <translation>重置密码</translation>
    </message>
</context>
<context>
    <name>md::app::TemporaryPasswordPanel</name>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Shown only now: give it to the operator in person. They must change it when they first log in.</source>
        <translation>仅此一次显示：请当面交给该操作员。首次登录时必须修改。</translation>
    </message>
    <message>
        <source>Temporary password of %1:</source>
        <translation>%1 的临时密码：</translation>
    </message>
</context>
<context>
    <name>md::app::TrainingBanner</name>
    <message>
        <source>TRAINING MODE — simulated meters, no real money</source>
        <translation>练习模式 — 模拟表计，非真实资金</translation>
    </message>
    <message>
        <source>This service runs as a practice installation ([service] training = yes): its meters are simulated and its accounts and receipts are not the office&apos;s.</source>
        <translation>本服务以练习环境运行（[service] training = yes）：其表计为模拟表计，其账户和收据不属于物业管理处的真实业务。</translation>
    </message>
    <message>
        <source>%1 — TRAINING</source>
        <translation>%1 — 练习模式</translation>
    </message>
</context>
<context>
    <name>md::cli</name>
    <message>
        <source>%1 needs a value</source>
        <translation>%1 需要一个值</translation>
    </message>
    <message>
        <source>Unknown option: %1</source>
        <translation>未知选项：%1</translation>
    </message>
    <message>
        <source>Both --tariff and --readings are needed</source>
        <translation>--tariff 和 --readings 都必须给出</translation>
    </message>
    <message>
        <source>Usage: meterdeskd bill --tariff FILE --readings FILE [--json] [--timezone TZ]</source>
        <translation>用法：meterdeskd bill --tariff FILE --readings FILE [--json] [--timezone TZ]</translation>
    </message>
    <message>
        <source>Bills a meter&apos;s reading history (CSV: timestamp,register,value) with a tariff file and prints every deduction with its breakdown and the totals. --timezone replaces the tariff&apos;s office time zone (time-of-use periods, months, timestamps without an offset).</source>
        <translation>用计费方案文件为一只表的读数历史（CSV：timestamp,register,value）计费，逐笔列出扣费及其明细，最后给出合计。--timezone 代替计费方案中的营业厅时区（用于分时时段、月份以及不带时差的时间戳）。</translation>
    </message>
    <message>
        <source>Unknown time zone &quot;%1&quot;</source>
        <translation>未知的时区“%1”</translation>
    </message>
    <message>
        <source>The file has no readings</source>
        <translation>文件中没有读数</translation>
    </message>
    <message>
        <source>free allowance</source>
        <translation>基础用量</translation>
    </message>
    <message>
        <source>fixed monthly charge</source>
        <translation>月固定费</translation>
    </message>
    <message>
        <source>Tariff %1 (%2): %3, %4, time zone %5</source>
        <translation>计费方案 %1 (%2): %3, %4, 时区 %5</translation>
    </message>
    <message>
        <source>Baseline %1: %2</source>
        <translation>起始读数 %1: %2</translation>
    </message>
    <message>
        <source>Deduction %1: %2 to %3</source>
        <translation>第 %1 次扣费: %2 至 %3</translation>
    </message>
    <message>
        <source>readings: %1 -&gt; %2</source>
        <translation>读数: %1 → %2</translation>
    </message>
    <message>
        <source>share: version %1, period %2</source>
        <translation>分摊: 版本 %1, 阶梯周期 %2</translation>
    </message>
    <message>
        <source>month %1</source>
        <translation>月份 %1</translation>
    </message>
    <message>
        <source>register %1</source>
        <translation>计度器 %1</translation>
    </message>
    <message>
        <source>segment %1</source>
        <translation>时段 %1</translation>
    </message>
    <message>
        <source>%1 %2 over %3 h</source>
        <translation>%1 %2, 历时 %3 小时</translation>
    </message>
    <message>
        <source>%1 %2: %3</source>
        <translation>%1 %2: %3</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>%1 tier %2 %3</source>
        <translation>%1 第 %2 档 %3</translation>
    </message>
    <message>
        <source>%1 %2 x %3 = %4 (so far %5 %2: %6 -&gt; %7, %8)</source>
        <translation>%1 %2 × %3 = %4 (累计 %5 %2: %6 → %7, 舍入 %8)</translation>
    </message>
    <message>
        <source>deduction total: %1</source>
        <translation>本次扣费合计: %1</translation>
    </message>
    <message>
        <source>Totals</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>tier %1 %2</source>
        <translation>第 %1 档 %2</translation>
    </message>
    <message>
        <source>total: %1 %2, %3</source>
        <translation>总计: %1 %2, %3</translation>
    </message>
    <message>
        <source>Bill a reading history with a tariff file and explain every deduction</source>
        <translation>用计费方案文件为读数历史计费，并说明每一笔扣费</translation>
    </message>
    <message>
        <source>Usage: meterdeskd COMMAND [OPTIONS]</source>
        <translation>用法：meterdeskd COMMAND [OPTIONS]</translation>
    </message>
    <message>
        <source>Commands:</source>
        <translation>命令：</translation>
    </message>
    <message>
        <source>Unknown command: %1</source>
        <translation>未知命令：%1</translation>
    </message>
    <message>
        <source>Usage: meterdeskd decode [--protocol modbus-rtu|dlt645|dlt645-1997|cjt188] [--map acrel-ddsy1352|eastron-sdm120|md-prepaid] HEX...</source>
        <translation>用法：meterdeskd decode [--protocol modbus-rtu|dlt645|dlt645-1997|cjt188] [--map acrel-ddsy1352|eastron-sdm120|md-prepaid] HEX...</translation>
    </message>
    <message>
        <source>Decodes captured meter frames and prints one JSON object per frame. Spaces, colons and 0x in the hex are accepted; without --protocol it is detected. Exits with 1 when a frame is invalid, 2 on a usage error.</source>
        <translation>解码抓取到的表计报文帧，每帧输出一个 JSON 对象。十六进制中可以带空格、冒号和 0x；不给 --protocol 时自动识别协议。有无效帧时退出码为 1，用法错误时为 2。</translation>
    </message>
    <message>
        <source>decode captured meter frames (Modbus RTU, DL/T 645, CJ/T 188) to JSON</source>
        <translation>将抓取到的表计报文帧（Modbus RTU、DL/T 645、CJ/T 188）解码为 JSON</translation>
    </message>
    <message>
        <source>unknown protocol &apos;%1&apos; (modbus-rtu, dlt645, dlt645-1997, cjt188)</source>
        <translation>未知协议“%1”（可用 modbus-rtu、dlt645、dlt645-1997、cjt188）</translation>
    </message>
    <message>
        <source>unknown register map &apos;%1&apos; (acrel-ddsy1352, eastron-sdm120, md-prepaid)</source>
        <translation>未知的寄存器表“%1”（可用 acrel-ddsy1352、eastron-sdm120、md-prepaid）</translation>
    </message>
    <message>
        <source>not a hex string: %1</source>
        <translation>不是十六进制字符串：%1</translation>
    </message>
    <message>
        <source>no %1 frame found in %n byte(s)</source>
        <translation>在 %n 个字节中没有找到 %1 帧</translation>
    </message>
    <message>
        <source>%n byte(s) outside frames skipped (wake-up bytes or noise)</source>
        <translation>已跳过帧外的 %n 个字节（唤醒字节或干扰）</translation>
    </message>
    <message>
        <source>Check the operation log&apos;s hash chain (--database URL or --config FILE)</source>
        <translation>校验操作日志的哈希链（--database URL 或 --config FILE）</translation>
    </message>
    <message>
        <source>Usage: meterdeskd audit-verify (--database URL | --config FILE)</source>
        <translation>用法：meterdeskd audit-verify (--database URL | --config FILE)</translation>
    </message>
    <message>
        <source>The operation log is intact: %1 records</source>
        <translation>操作日志完整：共 %1 条记录</translation>
    </message>
    <message>
        <source>BROKEN at record %1: %2</source>
        <translation>哈希链在第 %1 条记录处断裂：%2</translation>
    </message>
    <message>
        <source>Usage: meterdeskd call --user NAME [--host H] [--port P] [--tls [--ca FILE] [--peer-name NAME]]
                       [--password-file FILE | --password-stdin] METHOD [JSON-PARAMS]
The password is read from MD_API_PASSWORD unless a password option is given.</source>
        <translation>用法：meterdeskd call --user NAME [--host H] [--port P] [--tls [--ca FILE] [--peer-name NAME]]
                      [--password-file FILE | --password-stdin] METHOD [JSON-PARAMS]
未给出密码选项时，从 MD_API_PASSWORD 读取密码。</translation>
    </message>
    <message>
        <source>--port must be 1 to 65535 (got %1)</source>
        <translation>--port 必须是 1 到 65535（实际为 %1）</translation>
    </message>
    <message>
        <source>No PEM certificate could be read from %1</source>
        <translation>无法从 %1 读取 PEM 证书</translation>
    </message>
    <message>
        <source>The parameters must be one JSON object: %1</source>
        <translation>参数必须是一个 JSON 对象：%1</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>No password: set MD_API_PASSWORD or use --password-file / --password-stdin</source>
        <translation>没有密码：请设置 MD_API_PASSWORD，或使用 --password-file / --password-stdin</translation>
    </message>
    <message>
        <source>Log in to the service and call one API method with JSON params</source>
        <translation>登录服务，并以 JSON 参数调用一个 API 方法</translation>
    </message>
    <message>
        <source>error %1: %2</source>
        <translation>错误 %1：%2</translation>
    </message>
    <message>
        <source>Usage: meterdeskd serve --config FILE</source>
        <translation>用法：meterdeskd serve --config FILE</translation>
    </message>
    <message>
        <source>First run: created the operator &quot;admin&quot; with the one-time password %1 (it must be changed at the first login and is not shown again)</source>
        <translation>首次运行：已创建操作员“admin”，一次性密码为 %1（首次登录时必须修改，此密码不会再次显示）</translation>
    </message>
    <message>
        <source>MeterDesk service listening on %1 port %2 (%3), database %4</source>
        <translation>MeterDesk 服务正在 %1 的 %2 端口监听（%3），数据库 %4</translation>
    </message>
    <message>
        <source>TLS</source>
        <translation>TLS</translation>
    </message>
    <message>
        <source>plain TCP</source>
        <translation>明文 TCP</translation>
    </message>
    <message>
        <source>MeterDesk service stopped</source>
        <translation>MeterDesk 服务已停止</translation>
    </message>
    <message>
        <source>Training data (meterdeskd seed-demo)</source>
        <translation>练习数据（meterdeskd seed-demo）</translation>
    </message>
    <message>
        <source>seed-demo fills an empty database only: this one already has rows in &quot;%1&quot;</source>
        <translation>seed-demo 只能填充空数据库：此数据库的“%1”中已有数据</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>系统管理员</translation>
    </message>
    <message>
        <source>No *.tariff files in %1 (give --tariffs DIR: the product&apos;s resources/tariffs)</source>
        <translation>%1 中没有 *.tariff 文件（请用 --tariffs DIR 指定产品的 resources/tariffs 目录）</translation>
    </message>
    <message>
        <source>Opening balance (training data)</source>
        <translation>期初余额（练习数据）</translation>
    </message>
    <message>
        <source>Fill an empty database with the demo office (--config FILE | --database URL, --tariffs DIR)</source>
        <translation>用演示物业填充空数据库（--config FILE | --database URL，--tariffs DIR）</translation>
    </message>
    <message>
        <source>Usage: meterdeskd seed-demo (--config FILE | --database URL) --tariffs DIR</source>
        <translation>用法：meterdeskd seed-demo (--config FILE | --database URL) --tariffs DIR</translation>
    </message>
    <message>
        <source>Demo office written in %1 ms: %2 rooms, %3 meters, %4 accounts, %5 tariffs</source>
        <translation>演示物业已写入，用时 %1 毫秒：%2 个房间，%3 块表，%4 个账户，%5 个计费方案</translation>
    </message>
    <message>
        <source>Created the operator &quot;admin&quot; with the one-time password %1 (it must be changed at the first login and is not shown again)</source>
        <translation>已创建操作员“admin”，一次性密码为 %1（首次登录时必须修改，此密码不会再次显示）</translation>
    </message>
    <message>
        <source>Demo operator &quot;%1&quot; (%2), password %3</source>
        <translation>演示操作员“%1”（%2），密码 %3</translation>
    </message>
    <message>
        <source>Run the service: the API and the meter buses of the configuration (--config FILE)</source>
        <translation>运行服务：提供 API 并抄读配置中的表计总线（--config FILE）</translation>
    </message>
    <message numerus="yes">
        <source>Reading meters on %n bus(es) every %1 s: %2</source>
        <translation>
            <numerusform>每 %1 秒抄读 %n 条总线上的表：%2</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n meter(s) of the registry are on buses this service does not have</source>
        <translation>
            <numerusform>档案中有 %n 块表所在的总线不属于本服务</numerusform>
        </translation>
    </message>
    <message>
        <source>No [bus] in the configuration: the service reads no meters</source>
        <translation>配置中没有 [bus]：本服务不抄读任何表</translation>
    </message>
    <message>
        <source>Usage: meterdeskd verify-rollups (--config FILE | --database URL [--time-zone ZONE])</source>
        <translation>用法：meterdeskd verify-rollups (--config FILE | --database URL [--time-zone ZONE])</translation>
    </message>
    <message>
        <source>Not a time zone: %1</source>
        <translation>不是有效的时区：%1</translation>
    </message>
    <message>
        <source>MISMATCH meter %1 (%2) day %3: %4</source>
        <translation>不一致 表 %1（%2）日期 %3：%4</translation>
    </message>
    <message>
        <source>%1 meters, %2 readings, %3 meter-days checked in %4 ms: %5 mismatches</source>
        <translation>已检查 %1 块表、%2 条读数、%3 个表日，用时 %4 毫秒：%5 处不一致</translation>
    </message>
    <message>
        <source>MISMATCH wallet_daily: %1</source>
        <translation>不一致 wallet_daily：%1</translation>
    </message>
    <message>
        <source>MISMATCH ledger account %1 (%2) day %3: %4</source>
        <translation>不一致 台账账户 %1（%2）日期 %3：%4</translation>
    </message>
    <message>
        <source>%1 ledger accounts, %2 account-days (wallet_daily, time zone %3) checked in %4 ms: %5 mismatches</source>
        <translation>已检查 %1 个台账账户、%2 个账户日（wallet_daily，时区 %3），用时 %4 毫秒：%5 处不一致</translation>
    </message>
    <message>
        <source>Note: wallet_daily is kept in %1, not the office&apos;s %2; the service rebuilds it at its next posting</source>
        <translation>注意：wallet_daily 按 %1 记录，而非本物业的 %2；服务会在下次记账时重建</translation>
    </message>
    <message>
        <source>Recompute the daily and monthly meter and wallet rollups from readings and postings and list mismatches</source>
        <translation>由读数和分录重新计算按日和按月的表计与钱包汇总，并列出不一致之处</translation>
    </message>
    <message>
        <source>MISMATCH %1 %2 month %3: %4</source>
        <translation>不一致 %1 %2 月份 %3：%4</translation>
    </message>
    <message>
        <source>%1 meter-months (meter_monthly), %2 account-months (wallet_monthly) checked against the daily rollups in %3 ms: %4 mismatches</source>
        <translation>已将 %1 个表计月（meter_monthly）、%2 个账户月（wallet_monthly）与按日汇总核对，用时 %3 毫秒：%4 处不一致</translation>
    </message>
</context>
<context>
    <name>md::collection::BusManager</name>
    <message>
        <source>bus &quot;%1&quot; is configured twice</source>
        <translation>总线“%1”重复配置</translation>
    </message>
    <message>
        <source>meter %1 names bus &quot;%2&quot;, which is not configured</source>
        <translation>表 %1 指定的总线“%2”未配置</translation>
    </message>
    <message>
        <source>meter id %1 appears twice</source>
        <translation>表 ID %1 出现了两次</translation>
    </message>
    <message>
        <source>meter %1 is on no configured bus</source>
        <translation>表 %1 不在任何已配置的总线上</translation>
    </message>
    <message>
        <source>meter %1 is on no bus of this service</source>
        <translation>表 %1 不在本服务的任何总线上</translation>
    </message>
</context>
<context>
    <name>md::collection::BusWorker</name>
    <message>
        <source>bus %1 uses the Qt Modbus transport but meter %2 speaks %3</source>
        <translation>总线 %1 使用 Qt Modbus 传输，但表 %2 使用的规约是 %3</translation>
    </message>
    <message>
        <source>meter %1 is not on bus %2</source>
        <translation>表 %1 不在总线 %2 上</translation>
    </message>
    <message>
        <source>bus %1 is not open</source>
        <translation>总线 %1 未打开</translation>
    </message>
    <message>
        <source>the meter reports %1 after the command</source>
        <translation>命令执行后，表计报告 %1</translation>
    </message>
    <message>
        <source>the meter counts %1 purchases, not %2</source>
        <translation>表计记录的充值次数为 %1，而不是 %2</translation>
    </message>
    <message>
        <source>the meter reads %1 = %2 after the write of %3</source>
        <translation>写入 %3 后，表回读 %1 = %2</translation>
    </message>
</context>
<context>
    <name>md::collection::Cjt188Driver</name>
    <message>
        <source>unexpected value %1 = %2 %3</source>
        <translation>意外的值 %1 = %2 %3</translation>
    </message>
    <message>
        <source>answer has no cumulative register</source>
        <translation>应答中没有累计计度器</translation>
    </message>
    <message>
        <source>CJ/T 188 valves have no force-on</source>
        <translation>CJ/T 188 阀门不支持保电</translation>
    </message>
    <message>
        <source>meter refused the valve command</source>
        <translation>表计拒绝了阀门命令</translation>
    </message>
    <message>
        <source>meter answered abnormally</source>
        <translation>表计异常应答</translation>
    </message>
    <message>
        <source>answer is for another data identifier</source>
        <translation>应答针对的是其他数据标识</translation>
    </message>
</context>
<context>
    <name>md::collection::CollectionService</name>
    <message>
        <source>meter %1 is not on a bus this service reads</source>
        <translation>表 %1 不在本服务抄读的总线上</translation>
    </message>
</context>
<context>
    <name>md::collection::Dlt645Driver</name>
    <message>
        <source>unexpected value %1 = %2</source>
        <translation>意外的值 %1 = %2</translation>
    </message>
    <message>
        <source>DL/T 645-1997 meters have no relay command</source>
        <translation>DL/T 645-1997 电表不支持继电器命令</translation>
    </message>
    <message>
        <source>answer is not a relay answer</source>
        <translation>应答不是继电器命令应答</translation>
    </message>
    <message>
        <source>meter refused: %1</source>
        <translation>表计拒绝：%1</translation>
    </message>
    <message>
        <source>answer is not a read answer</source>
        <translation>应答不是读数据应答</translation>
    </message>
    <message>
        <source>answer is for another data identifier</source>
        <translation>应答针对的是其他数据标识</translation>
    </message>
    <message>
        <source>status word of %1 bytes</source>
        <translation>状态字长度为 %1 字节</translation>
    </message>
    <message>
        <source>%1 does not fit the meter&apos;s item %2 (%3 digits, %4 decimals)</source>
        <translation>%1 不符合表计数据项 %2 的格式（%3 位数字，%4 位小数）</translation>
    </message>
    <message>
        <source>no value of %1 in the answer</source>
        <translation>应答中没有 %1 的值</translation>
    </message>
    <message>
        <source>answer is not a write answer</source>
        <translation>应答不是写数据应答</translation>
    </message>
</context>
<context>
    <name>md::collection::EndpointMapper</name>
    <message>
        <source>Meter %1: %2</source>
        <translation>表 %1：%2</translation>
    </message>
    <message>
        <source>option %1 must be %2 hex digits as printed (got &quot;%3&quot;)</source>
        <translation>选项 %1 必须是与铭牌所印一致的 %2 位十六进制数字（实际为“%3”）</translation>
    </message>
    <message>
        <source>option %1 must be true or false</source>
        <translation>选项 %1 必须是 true 或 false</translation>
    </message>
    <message>
        <source>a Modbus address is a unit id from 1 to 247 (got &quot;%1&quot;)</source>
        <translation>Modbus 地址是 1 到 247 的从站号（实际为“%1”）</translation>
    </message>
    <message>
        <source>unknown Modbus register map &quot;%1&quot;</source>
        <translation>未知的 Modbus 寄存器映射“%1”</translation>
    </message>
    <message>
        <source>a DL/T 645 address is the 12 digits on the nameplate (got &quot;%1&quot;)</source>
        <translation>DL/T 645 地址是铭牌上的 12 位数字（实际为“%1”）</translation>
    </message>
    <message>
        <source>option password_level must be 0 to 9</source>
        <translation>选项 password_level 必须为 0 到 9</translation>
    </message>
    <message>
        <source>a CJ/T 188 address is the 14 digits on the nameplate (got &quot;%1&quot;)</source>
        <translation>CJ/T 188 地址是铭牌上的 14 位数字（实际为“%1”）</translation>
    </message>
    <message>
        <source>option type must be cold-water, hot-water or gas (got &quot;%1&quot;)</source>
        <translation>选项 type 必须是 cold-water、hot-water 或 gas（实际为“%1”）</translation>
    </message>
    <message>
        <source>option di_order must be high-first or low-first (got &quot;%1&quot;)</source>
        <translation>选项 di_order 必须是 high-first 或 low-first（实际为“%1”）</translation>
    </message>
    <message>
        <source>unknown protocol &quot;%1&quot;</source>
        <translation>未知的协议“%1”</translation>
    </message>
</context>
<context>
    <name>md::collection::MeterDriver</name>
    <message>
        <source>meter %1 keeps no balance of its own</source>
        <translation>表 %1 本身不保存余额</translation>
    </message>
    <message>
        <source>unknown Modbus register map &quot;%1&quot;</source>
        <translation>未知的 Modbus 寄存器映射“%1”</translation>
    </message>
    <message>
        <source>meter %1 has no setting %2</source>
        <translation>表 %1 没有设置项 %2</translation>
    </message>
</context>
<context>
    <name>md::collection::MeterLink</name>
    <message>
        <source>no answer within %1 ms</source>
        <translation>%1 毫秒内无应答</translation>
    </message>
    <message>
        <source>answer failed its checksum</source>
        <translation>应答帧校验和错误</translation>
    </message>
    <message>
        <source>answer came from another address</source>
        <translation>应答来自其他地址</translation>
    </message>
</context>
<context>
    <name>md::collection::ModbusDriver</name>
    <message>
        <source>register %1 is not a quantity: %2</source>
        <translation>寄存器 %1 不是数量值：%2</translation>
    </message>
    <message>
        <source>map %1 has no relay register</source>
        <translation>映射 %1 没有继电器寄存器</translation>
    </message>
    <message>
        <source>meter refused: %1</source>
        <translation>表计拒绝：%1</translation>
    </message>
    <message>
        <source>answer does not echo the relay write</source>
        <translation>应答未回显继电器写入</translation>
    </message>
    <message>
        <source>answer is not a Modbus frame</source>
        <translation>应答不是 Modbus 帧</translation>
    </message>
    <message>
        <source>answer has %1 registers of function %2, asked %3</source>
        <translation>应答含有功能码 %2 的 %1 个寄存器，请求的是 %3 个</translation>
    </message>
    <message>
        <source>answer does not echo the write of %1</source>
        <translation>应答未回显对 %1 的写入</translation>
    </message>
    <message>
        <source>no value of %1 in the answer</source>
        <translation>应答中没有 %1 的值</translation>
    </message>
</context>
<context>
    <name>md::collection::QtModbusTransport</name>
    <message>
        <source>cannot open bus %1 (%2): %3</source>
        <translation>无法打开总线 %1（%2）：%3</translation>
    </message>
    <message>
        <source>bus %1 carries Modbus RTU only</source>
        <translation>总线 %1 只支持 Modbus RTU</translation>
    </message>
</context>
<context>
    <name>md::collection::SerialBusTransport</name>
    <message>
        <source>cannot open bus %1 (%2): %3</source>
        <translation>无法打开总线 %1（%2）：%3</translation>
    </message>
    <message>
        <source>cannot set the line parameters of bus %1 (%2): %3</source>
        <translation>无法设置总线 %1（%2）的线路参数：%3</translation>
    </message>
    <message>
        <source>bus %1 is not open</source>
        <translation>总线 %1 未打开</translation>
    </message>
</context>
<context>
    <name>md::collection::SettingsPlanner</name>
    <message>
        <source>the tariff %1 is not a single flat price</source>
        <translation>计费方案 %1 不是单一费率</translation>
    </message>
    <message>
        <source>meter %1 keeps no settings the service knows (map %2)</source>
        <translation>表 %1 没有本服务可识别的设置项（映射 %2）</translation>
    </message>
</context>
<context>
    <name>md::protocol</name>
    <message>
        <source>frame too short for CJ/T 188 (at least 13 bytes)</source>
        <translation>帧太短：CJ/T 188 帧至少 13 字节</translation>
    </message>
    <message>
        <source>start byte is not 68</source>
        <translation>起始字节不是 68</translation>
    </message>
    <message>
        <source>length byte %1 is above the standard&apos;s limit of 100</source>
        <translation>长度字节 %1 超过标准规定的上限 100</translation>
    </message>
    <message>
        <source>length byte says %1 data bytes, frame has %2</source>
        <translation>长度字节表示有 %1 个数据字节，帧中实际有 %2 个</translation>
    </message>
    <message>
        <source>checksum mismatch: computed %1, frame has %2</source>
        <translation>校验和不符：计算值为 %1，帧中为 %2</translation>
    </message>
    <message>
        <source>end byte is %1, not 16</source>
        <translation>结束字节为 %1，不是 16</translation>
    </message>
    <message>
        <source>meter data of %1 bytes does not fit the %2 layout</source>
        <translation>%1 字节的表计数据不符合 %2 的格式</translation>
    </message>
    <message>
        <source>DI bytes sent low byte first (%1 %2)</source>
        <translation>数据标识按低字节在前发送（%1 %2）</translation>
    </message>
    <message>
        <source>abnormal answer</source>
        <translation>异常应答</translation>
    </message>
    <message>
        <source>the meter refused the request</source>
        <translation>表计拒绝了该请求</translation>
    </message>
    <message>
        <source>read data</source>
        <translation>读数据</translation>
    </message>
    <message>
        <source>read address</source>
        <translation>读地址</translation>
    </message>
    <message>
        <source>valve control</source>
        <translation>阀门控制</translation>
    </message>
    <message>
        <source>write data</source>
        <translation>写数据</translation>
    </message>
    <message>
        <source>function %1</source>
        <translation>功能码 %1</translation>
    </message>
    <message>
        <source>read answer shorter than its data identifier</source>
        <translation>读应答比其数据标识还短</translation>
    </message>
    <message>
        <source>data identifier not in our table: data shown as sent (BCD digits)</source>
        <translation>数据标识不在本程序的表中：数据按原样显示（BCD 数字）</translation>
    </message>
    <message>
        <source>more frames follow (D5 set)</source>
        <translation>有后续帧（D5 置位）</translation>
    </message>
    <message>
        <source>broadcast time</source>
        <translation>广播校时</translation>
    </message>
    <message>
        <source>relay control</source>
        <translation>拉合闸控制</translation>
    </message>
    <message>
        <source>relay command needs 16 data bytes, frame has %1</source>
        <translation>拉合闸命令需要 16 个数据字节，帧中有 %1 个</translation>
    </message>
    <message>
        <source>read holding registers</source>
        <translation>读保持寄存器</translation>
    </message>
    <message>
        <source>read input registers</source>
        <translation>读输入寄存器</translation>
    </message>
    <message>
        <source>write single register</source>
        <translation>写单个寄存器</translation>
    </message>
    <message>
        <source>write multiple registers</source>
        <translation>写多个寄存器</translation>
    </message>
    <message>
        <source>no matching request before this answer: registers numbered from 0</source>
        <translation>此应答之前没有与之匹配的请求：寄存器从 0 开始编号</translation>
    </message>
    <message>
        <source>register map: %1</source>
        <translation>寄存器表：%1</translation>
    </message>
    <message>
        <source>a write-single answer echoes its request: the bytes are identical</source>
        <translation>写单个寄存器的应答是请求的回显：字节完全相同</translation>
    </message>
    <message>
        <source>%1 needs %2 data bytes, frame has %3</source>
        <translation>%1 需要 %2 个数据字节，帧中有 %3 个</translation>
    </message>
    <message>
        <source>%1 is not valid BCD</source>
        <translation>%1 不是有效的 BCD 码</translation>
    </message>
    <message>
        <source>%1 block: %2 data bytes is not a multiple of %3</source>
        <translation>%1 数据块：%2 个数据字节不是 %3 的倍数</translation>
    </message>
    <message>
        <source>other error</source>
        <translation>其他错误</translation>
    </message>
    <message>
        <source>no requested data</source>
        <translation>无请求数据</translation>
    </message>
    <message>
        <source>password wrong or not authorised</source>
        <translation>密码错误或未授权</translation>
    </message>
    <message>
        <source>baud rate cannot be changed</source>
        <translation>通信速率不能更改</translation>
    </message>
    <message>
        <source>too many yearly time zones</source>
        <translation>年时区数超限</translation>
    </message>
    <message>
        <source>too many daily time slots</source>
        <translation>日时段数超限</translation>
    </message>
    <message>
        <source>too many tariffs</source>
        <translation>费率数超限</translation>
    </message>
    <message>
        <source>reserved bit 7</source>
        <translation>保留位 7</translation>
    </message>
    <message>
        <source>frame too short for DL/T 645 (at least 12 bytes)</source>
        <translation>帧太短：DL/T 645 帧至少 12 字节</translation>
    </message>
    <message>
        <source>start bytes are not 68 at positions 1 and 8</source>
        <translation>第 1 和第 8 字节的起始符不是 68</translation>
    </message>
    <message>
        <source>a single hex digit before position %1: every byte needs two digits</source>
        <translation>位置 %1 之前只有一个十六进制数字：每个字节需要两位数字</translation>
    </message>
    <message>
        <source>&apos;%1&apos; at position %2 is not a hex digit</source>
        <translation>位置 %2 的“%1”不是十六进制数字</translation>
    </message>
    <message>
        <source>odd number of hex digits: every byte needs two digits</source>
        <translation>十六进制数字个数为奇数：每个字节需要两位数字</translation>
    </message>
    <message>
        <source>frame too short for Modbus RTU (at least 5 bytes)</source>
        <translation>帧太短：Modbus RTU 帧至少 5 字节</translation>
    </message>
    <message>
        <source>CRC mismatch: computed %1 %2, frame has %3 %4</source>
        <translation>CRC 不符：计算值为 %1 %2，帧中为 %3 %4</translation>
    </message>
    <message>
        <source>slave address %1 is outside 0-247</source>
        <translation>从站地址 %1 超出 0-247</translation>
    </message>
    <message>
        <source>function %1 is not one of 03, 04, 06, 16</source>
        <translation>功能码 %1 不是 03、04、06、16 之一</translation>
    </message>
    <message>
        <source>exception response must be 5 bytes, not %1</source>
        <translation>异常响应必须是 5 字节，而不是 %1 字节</translation>
    </message>
    <message>
        <source>register count %1 is outside 1-125</source>
        <translation>寄存器数量 %1 超出 1-125</translation>
    </message>
    <message>
        <source>length %1 fits neither a read request nor its response</source>
        <translation>长度 %1 既不符合读请求，也不符合读响应</translation>
    </message>
    <message>
        <source>write-single frame must be 8 bytes, not %1</source>
        <translation>写单个寄存器帧必须是 8 字节，而不是 %1 字节</translation>
    </message>
    <message>
        <source>register count %1 is outside 1-123</source>
        <translation>寄存器数量 %1 超出 1-123</translation>
    </message>
    <message>
        <source>write-multiple byte count does not match %1 registers</source>
        <translation>写多个寄存器的字节数与 %1 个寄存器不符</translation>
    </message>
    <message>
        <source>illegal function</source>
        <translation>非法功能</translation>
    </message>
    <message>
        <source>illegal data address</source>
        <translation>非法数据地址</translation>
    </message>
    <message>
        <source>illegal data value</source>
        <translation>非法数据值</translation>
    </message>
    <message>
        <source>slave device failure</source>
        <translation>从站设备故障</translation>
    </message>
    <message>
        <source>acknowledge</source>
        <translation>确认</translation>
    </message>
    <message>
        <source>slave device busy</source>
        <translation>从站设备忙</translation>
    </message>
    <message>
        <source>memory parity error</source>
        <translation>存储奇偶性差错</translation>
    </message>
    <message>
        <source>gateway path unavailable</source>
        <translation>网关路径不可用</translation>
    </message>
    <message>
        <source>gateway target device failed to respond</source>
        <translation>网关目标设备响应失败</translation>
    </message>
    <message>
        <source>exception code %1</source>
        <translation>异常码 %1</translation>
    </message>
    <message numerus="yes">
        <source>truncated frame: input ended after %n byte(s)</source>
        <translation>
            <numerusform>帧不完整：输入在 %n 个字节后结束</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>md::receipt::ReceiptForm</name>
    <message>
        <source>&quot;%1&quot; is not a length in millimetres from 0 to 1000 (at most one decimal)</source>
        <translation>“%1”不是 0 到 1000 之间的毫米长度（最多一位小数）</translation>
    </message>
    <message>
        <source>font_pt must be a whole number from 6 to 36</source>
        <translation>font_pt 必须是 6 到 36 之间的整数</translation>
    </message>
    <message>
        <source>unknown key &quot;%1&quot; in [paper]</source>
        <translation>[paper] 中有未知的键“%1”</translation>
    </message>
    <message>
        <source>unknown receipt field &quot;%1&quot; (known: %2)</source>
        <translation>未知的收据字段“%1”（已知字段：%2）</translation>
    </message>
    <message>
        <source>a field position is &quot;X_MM, Y_MM&quot;</source>
        <translation>字段位置的格式为“X_MM, Y_MM”</translation>
    </message>
    <message>
        <source>unknown section [%1] (known: paper, fields)</source>
        <translation>未知的节 [%1]（已知的节：paper、fields）</translation>
    </message>
    <message>
        <source>the paper must be at least 50 × 50 mm</source>
        <translation>纸张至少须为 50 × 50 mm</translation>
    </message>
    <message>
        <source>the margins leave no room on the paper</source>
        <translation>页边距过大，纸张上已没有可用空间</translation>
    </message>
    <message>
        <source>the field &quot;%1&quot; is placed off the paper</source>
        <translation>字段“%1”的位置超出了纸张范围</translation>
    </message>
</context>
<context>
    <name>md::receipt::ReceiptLayout</name>
    <message>
        <source>Cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <source>WeChat Pay</source>
        <translation>微信</translation>
    </message>
    <message>
        <source>Alipay</source>
        <translation>支付宝</translation>
    </message>
    <message>
        <source>Bank transfer</source>
        <translation>银行转账</translation>
    </message>
    <message>
        <source>Bank card</source>
        <translation>刷卡</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Electricity</source>
        <translation>电</translation>
    </message>
    <message>
        <source>Water</source>
        <translation>水</translation>
    </message>
    <message>
        <source>Heat</source>
        <translation>热</translation>
    </message>
    <message>
        <source>Refund receipt</source>
        <translation>退费收据</translation>
    </message>
    <message>
        <source>Prepayment receipt</source>
        <translation>收款收据</translation>
    </message>
    <message>
        <source>Receipt No.</source>
        <translation>收据编号</translation>
    </message>
    <message>
        <source>Date and time</source>
        <translation>日期时间</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>户号</translation>
    </message>
    <message>
        <source>Tenant</source>
        <translation>户名</translation>
    </message>
    <message>
        <source>Room</source>
        <translation>房号</translation>
    </message>
    <message>
        <source>Meter</source>
        <translation>表号</translation>
    </message>
    <message>
        <source>Utility</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Payment</source>
        <translation>支付方式</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Amount in words</source>
        <translation>大写金额</translation>
    </message>
    <message>
        <source>RMB %1</source>
        <translation>人民币%1</translation>
    </message>
    <message>
        <source>Service fee</source>
        <translation>服务费</translation>
    </message>
    <message>
        <source>Balance before</source>
        <translation>原余额</translation>
    </message>
    <message>
        <source>Balance after</source>
        <translation>现余额</translation>
    </message>
    <message>
        <source>Last reading</source>
        <translation>最近读数</translation>
    </message>
    <message>
        <source>Cashier</source>
        <translation>收费员</translation>
    </message>
    <message>
        <source>Memo</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>md::receipt::ReceiptRecord</name>
    <message>
        <source>the receipt record has no valid &quot;%1&quot;</source>
        <translation>收据记录中没有有效的“%1”</translation>
    </message>
</context>
<context>
    <name>md::report::AccountLedgerReport</name>
    <message>
        <source>Account ledger</source>
        <translation>账户台账</translation>
    </message>
    <message>
        <source>Account ID</source>
        <translation>账户 ID</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>户号</translation>
    </message>
    <message>
        <source>Tenant</source>
        <translation>户名</translation>
    </message>
    <message>
        <source>Utility</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Opening balance</source>
        <translation>期初余额</translation>
    </message>
    <message>
        <source>Recharges</source>
        <translation>充值</translation>
    </message>
    <message>
        <source>Deductions</source>
        <translation>扣费</translation>
    </message>
    <message>
        <source>Refunds and settlements</source>
        <translation>退费与结算</translation>
    </message>
    <message>
        <source>Transfers</source>
        <translation>转账</translation>
    </message>
    <message>
        <source>Corrections</source>
        <translation>冲正</translation>
    </message>
    <message>
        <source>Adjustments</source>
        <translation>调账</translation>
    </message>
    <message>
        <source>Closing balance</source>
        <translation>期末余额</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Opening reading</source>
        <translation>期初读数</translation>
    </message>
    <message>
        <source>Closing reading</source>
        <translation>期末读数</translation>
    </message>
    <message>
        <source>Consumption</source>
        <translation>用量</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>From</source>
        <translation>起始</translation>
    </message>
    <message>
        <source>To</source>
        <translation>截止</translation>
    </message>
    <message>
        <source>Time zone</source>
        <translation>时区</translation>
    </message>
    <message>
        <source>Meters</source>
        <translation>表计</translation>
    </message>
</context>
<context>
    <name>md::report::AlarmHistoryReport</name>
    <message>
        <source>Alarm history</source>
        <translation>预警记录</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Account ID</source>
        <translation>账户 ID</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>户号</translation>
    </message>
    <message>
        <source>Tenant</source>
        <translation>户名</translation>
    </message>
    <message>
        <source>Utility</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Meter ID</source>
        <translation>表 ID</translation>
    </message>
    <message>
        <source>Meter</source>
        <translation>表号</translation>
    </message>
    <message>
        <source>Room</source>
        <translation>房号</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>From</source>
        <translation>起始</translation>
    </message>
    <message>
        <source>To</source>
        <translation>截止</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>余额</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>事件数</translation>
    </message>
    <message>
        <source>Events: %1</source>
        <translation>事件数：%1</translation>
    </message>
    <message>
        <source>Unconfirmed relay commands</source>
        <translation>未确认的通断命令</translation>
    </message>
    <message>
        <source>Command ID</source>
        <translation>命令 ID</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>命令</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>尝试次数</translation>
    </message>
    <message>
        <source>Requested</source>
        <translation>已请求</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>最近错误</translation>
    </message>
    <message>
        <source>Sent, not confirmed</source>
        <translation>已发送，未确认</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
</context>
<context>
    <name>md::report::ApportionmentReport</name>
    <message>
        <source>Public-area apportionment</source>
        <translation>公摊</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>申请号</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>分组</translation>
    </message>
    <message>
        <source>Meter</source>
        <translation>表号</translation>
    </message>
    <message>
        <source>Utility</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>From</source>
        <translation>起始</translation>
    </message>
    <message>
        <source>To</source>
        <translation>截止</translation>
    </message>
    <message>
        <source>Consumption</source>
        <translation>用量</translation>
    </message>
    <message>
        <source>Run total</source>
        <translation>本批次合计</translation>
    </message>
    <message>
        <source>Account ID</source>
        <translation>账户 ID</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>户号</translation>
    </message>
    <message>
        <source>Tenant</source>
        <translation>户名</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Transaction</source>
        <translation>交易</translation>
    </message>
    <message>
        <source>Left out</source>
        <translation>不参与分摊</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>批次数</translation>
    </message>
    <message>
        <source>Total of the runs</source>
        <translation>各批次合计</translation>
    </message>
    <message>
        <source>Pending requests</source>
        <translation>待审批申请</translation>
    </message>
</context>
<context>
    <name>md::report::ArrearsReport</name>
    <message>
        <source>Arrears and alarms</source>
        <translation>欠费与预警</translation>
    </message>
    <message>
        <source>Account ID</source>
        <translation>账户 ID</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>户号</translation>
    </message>
    <message>
        <source>Tenant</source>
        <translation>户名</translation>
    </message>
    <message>
        <source>Utility</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>余额</translation>
    </message>
    <message>
        <source>Alarm 1 at</source>
        <translation>一级预警值</translation>
    </message>
    <message>
        <source>Alarm 2 at</source>
        <translation>二级预警值</translation>
    </message>
    <message>
        <source>Level key</source>
        <translation>级别代码</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>级别</translation>
    </message>
    <message>
        <source>Forced on</source>
        <translation>保电</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>In arrears</source>
        <translation>欠费</translation>
    </message>
    <message>
        <source>Alarm 2</source>
        <translation>二级预警</translation>
    </message>
    <message>
        <source>Alarm 1</source>
        <translation>一级预警</translation>
    </message>
</context>
<context>
    <name>md::report::ConsumptionReport</name>
    <message>
        <source>Consumption</source>
        <translation>用量</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>期间</translation>
    </message>
    <message>
        <source>Meter ID</source>
        <translation>表 ID</translation>
    </message>
    <message>
        <source>Meter</source>
        <translation>表号</translation>
    </message>
    <message>
        <source>Room</source>
        <translation>房号</translation>
    </message>
    <message>
        <source>Room name</source>
        <translation>房间名称</translation>
    </message>
    <message>
        <source>Building</source>
        <translation>楼栋</translation>
    </message>
    <message>
        <source>Building ID</source>
        <translation>楼栋 ID</translation>
    </message>
    <message>
        <source>Utility</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>Sharp</source>
        <translation>尖</translation>
    </message>
    <message>
        <source>Peak</source>
        <translation>峰</translation>
    </message>
    <message>
        <source>Flat</source>
        <translation>平</translation>
    </message>
    <message>
        <source>Valley</source>
        <translation>谷</translation>
    </message>
    <message>
        <source>Readings</source>
        <translation>读数条数</translation>
    </message>
    <message>
        <source>From</source>
        <translation>起始</translation>
    </message>
    <message>
        <source>To</source>
        <translation>截止</translation>
    </message>
    <message>
        <source>Grouped by</source>
        <translation>分组方式</translation>
    </message>
    <message>
        <source>Total %1</source>
        <translation>%1合计</translation>
    </message>
    <message>
        <source>Year-on-year and period-on-period comparison</source>
        <translation>同比与环比</translation>
    </message>
    <message>
        <source>Figure</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>分组</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>This period</source>
        <translation>本期</translation>
    </message>
    <message>
        <source>Previous period</source>
        <translation>上期</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>环比增减</translation>
    </message>
    <message>
        <source>Change %</source>
        <translation>环比增减 %</translation>
    </message>
    <message>
        <source>Same period last year</source>
        <translation>去年同期</translation>
    </message>
    <message>
        <source>Change on last year</source>
        <translation>同比增减</translation>
    </message>
    <message>
        <source>Change on last year %</source>
        <translation>同比增减 %</translation>
    </message>
    <message>
        <source>Previous period from</source>
        <translation>上期起始</translation>
    </message>
    <message>
        <source>Previous period to</source>
        <translation>上期截止</translation>
    </message>
    <message>
        <source>Last year from</source>
        <translation>去年同期起始</translation>
    </message>
    <message>
        <source>Last year to</source>
        <translation>去年同期截止</translation>
    </message>
</context>
<context>
    <name>md::report::Reconciliation</name>
    <message>
        <source>Account %1 (%2): opening and movements give %3, the closing balance is %4</source>
        <translation>账户 %1（%2）：期初余额加本期发生额为 %3，而期末余额为 %4</translation>
    </message>
    <message>
        <source>Reconciliation</source>
        <translation>对账</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Sales</source>
        <translation>收费</translation>
    </message>
    <message>
        <source>Refunds</source>
        <translation>退费</translation>
    </message>
    <message>
        <source>Corrections</source>
        <translation>冲正</translation>
    </message>
    <message>
        <source>Net takings</source>
        <translation>实收净额</translation>
    </message>
    <message>
        <source>Wallet balances at the start</source>
        <translation>期初钱包余额</translation>
    </message>
    <message>
        <source>Wallet balances at the end</source>
        <translation>期末钱包余额</translation>
    </message>
    <message>
        <source>Change in wallet balances</source>
        <translation>钱包余额变动</translation>
    </message>
    <message>
        <source>Revenue: %1</source>
        <translation>收入：%1</translation>
    </message>
    <message>
        <source>Service fees</source>
        <translation>服务费</translation>
    </message>
    <message>
        <source>Manual adjustments given</source>
        <translation>手工调账</translation>
    </message>
    <message>
        <source>Accounted for</source>
        <translation>已核对合计</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>差额</translation>
    </message>
    <message>
        <source>From</source>
        <translation>起始</translation>
    </message>
    <message>
        <source>To</source>
        <translation>截止</translation>
    </message>
    <message>
        <source>Balanced</source>
        <translation>已平账</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>问题</translation>
    </message>
</context>
<context>
    <name>md::report::ReportPeriod</name>
    <message>
        <source>A period needs a valid first and last day (YYYY-MM-DD)</source>
        <translation>统计期间需要有效的起止日期（YYYY-MM-DD）</translation>
    </message>
    <message>
        <source>The period ends (%1) before it begins (%2)</source>
        <translation>统计期间的结束日期（%1）早于开始日期（%2）</translation>
    </message>
    <message>
        <source>The period is longer than %1 days</source>
        <translation>统计期间超过 %1 天</translation>
    </message>
    <message>
        <source>The office time zone is not valid</source>
        <translation>物业管理处的时区无效</translation>
    </message>
</context>
<context>
    <name>md::report::ReportTable</name>
    <message>
        <source>Internal error: column %1 added to report %2 after its rows</source>
        <translation>内部错误：报表 %2 在添加行之后又添加了列 %1</translation>
    </message>
    <message>
        <source>Internal error: report %1 has no column %2</source>
        <translation>内部错误：报表 %1 没有列 %2</translation>
    </message>
    <message>
        <source>Internal error: a value of the wrong type for column %1 of report %2</source>
        <translation>内部错误：报表 %2 的列 %1 的值类型错误</translation>
    </message>
    <message>
        <source>Internal error: report %1 has no summary value %2</source>
        <translation>内部错误：报表 %1 没有汇总项 %2</translation>
    </message>
</context>
<context>
    <name>md::report::RollupCheck</name>
    <message>
        <source>no rollup row; the readings give %1 readings, %2 used</source>
        <translation>缺少汇总行；按读数应有 %1 条读数、用量 %2</translation>
    </message>
    <message>
        <source>a rollup row without readings (%1 readings, %2 used)</source>
        <translation>汇总行没有对应的读数（%1 条读数，用量 %2）</translation>
    </message>
    <message>
        <source>%1 stored %2, recomputed %3</source>
        <translation>%1 存储值为 %2，重新计算为 %3</translation>
    </message>
    <message>
        <source>wallet_daily records no time zone (counters row %1)</source>
        <translation>wallet_daily 没有记录时区（counters 行 %1）</translation>
    </message>
    <message>
        <source>wallet_daily records an unknown time zone &quot;%1&quot;</source>
        <translation>wallet_daily 记录了未知的时区“%1”</translation>
    </message>
    <message>
        <source>a stored row for a day without postings</source>
        <translation>存在某日的汇总行，但该日没有记账</translation>
    </message>
    <message numerus="yes">
        <source>no stored row for a day with %n posting(s)</source>
        <translation>
            <numerusform>某日有 %n 笔记账，但没有汇总行</numerusform>
        </translation>
    </message>
    <message>
        <source>stored vs recomputed: %1</source>
        <translation>存储值与重新计算值：%1</translation>
    </message>
    <message>
        <source>a stored month without daily rows</source>
        <translation>存有月汇总但没有对应的日汇总</translation>
    </message>
    <message>
        <source>no stored row for a month with daily rows</source>
        <translation>有日汇总的月份没有月汇总记录</translation>
    </message>
    <message>
        <source>%1 stored %2, summed from the days %3</source>
        <translation>%1 存储值 %2，按日汇总为 %3</translation>
    </message>
</context>
<context>
    <name>md::report::SalesReport</name>
    <message>
        <source>Sales</source>
        <translation>收费</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>期间</translation>
    </message>
    <message>
        <source>Cashier ID</source>
        <translation>收费员 ID</translation>
    </message>
    <message>
        <source>Cashier</source>
        <translation>收费员</translation>
    </message>
    <message>
        <source>Refunds</source>
        <translation>退费</translation>
    </message>
    <message>
        <source>Corrections</source>
        <translation>冲正</translation>
    </message>
    <message>
        <source>Net takings</source>
        <translation>实收净额</translation>
    </message>
    <message>
        <source>Recharges</source>
        <translation>充值笔数</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>From</source>
        <translation>起始</translation>
    </message>
    <message>
        <source>To</source>
        <translation>截止</translation>
    </message>
    <message>
        <source>Time zone</source>
        <translation>时区</translation>
    </message>
</context>
<context>
    <name>md::report::ShiftReport</name>
    <message>
        <source>Shift report</source>
        <translation>交班报表</translation>
    </message>
    <message>
        <source>Channel key</source>
        <translation>支付方式代码</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>支付方式</translation>
    </message>
    <message>
        <source>Takings</source>
        <translation>实收</translation>
    </message>
    <message>
        <source>Refunds</source>
        <translation>退费</translation>
    </message>
    <message>
        <source>Net</source>
        <translation>净额</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>Cashier ID</source>
        <translation>收费员 ID</translation>
    </message>
    <message>
        <source>Cashier</source>
        <translation>收费员</translation>
    </message>
    <message>
        <source>From</source>
        <translation>起始</translation>
    </message>
    <message>
        <source>To</source>
        <translation>截止</translation>
    </message>
    <message>
        <source>After transaction</source>
        <translation>起始交易号（不含）</translation>
    </message>
    <message>
        <source>Through transaction</source>
        <translation>截止交易号（含）</translation>
    </message>
    <message>
        <source>Receipts</source>
        <translation>收据数</translation>
    </message>
    <message>
        <source>First receipt</source>
        <translation>首张收据</translation>
    </message>
    <message>
        <source>Last receipt</source>
        <translation>末张收据</translation>
    </message>
</context>
<context>
    <name>md::storage::Database</name>
    <message>
        <source>The Qt SQL driver %1 is not installed (Debian: %2), so %3 cannot be opened</source>
        <translation>未安装 Qt SQL 驱动 %1（Debian：%2），因此无法打开 %3</translation>
    </message>
    <message>
        <source>Cannot open the database %1: %2</source>
        <translation>无法打开数据库 %1：%2</translation>
    </message>
    <message>
        <source>The database %1 was not opened: %2</source>
        <translation>数据库 %1 未打开：%2</translation>
    </message>
    <message>
        <source>SQLite runs with journal_mode=%1 and synchronous=%2, but a committed payment must survive a power cut: journal_mode=wal and synchronous=2 (FULL) are required (a network share or a read-only folder cannot provide them)</source>
        <translation>SQLite 当前以 journal_mode=%1、synchronous=%2 运行，但已提交的收款必须在断电后仍然保留：要求 journal_mode=wal 且 synchronous=2（FULL）（网络共享目录或只读目录无法满足）</translation>
    </message>
    <message>
        <source>SQLite would not enforce foreign keys (foreign_keys=%1)</source>
        <translation>SQLite 不会强制外键约束（foreign_keys=%1）</translation>
    </message>
    <message>
        <source>SQLite busy_timeout is %1 ms, expected 5000</source>
        <translation>SQLite 的 busy_timeout 为 %1 毫秒，应为 5000</translation>
    </message>
    <message>
        <source>the server did not report its settings</source>
        <translation>服务器没有报告其设置</translation>
    </message>
    <message>
        <source>the server did not accept a strict sql_mode (it has &quot;%1&quot;)</source>
        <translation>服务器不接受严格的 sql_mode（当前为“%1”）</translation>
    </message>
    <message>
        <source>the connection character set is %1, not utf8mb4: Chinese names would not be stored faithfully</source>
        <translation>连接字符集为 %1，而不是 utf8mb4：中文姓名将无法如实保存</translation>
    </message>
    <message>
        <source>the server has no InnoDB storage engine (transactions need it)</source>
        <translation>服务器没有 InnoDB 存储引擎（事务需要它）</translation>
    </message>
    <message>
        <source>the default storage engine is %1, not InnoDB</source>
        <translation>默认存储引擎为 %1，而不是 InnoDB</translation>
    </message>
    <message>
        <source>the transaction isolation is %1, not REPEATABLE-READ</source>
        <translation>事务隔离级别为 %1，而不是 REPEATABLE-READ</translation>
    </message>
    <message>
        <source>the server does not write a commit to disk before confirming it (innodb_flush_log_at_trx_commit=%1; it must be 1), so a power cut could lose payments that were already confirmed. Set innodb_flush_log_at_trx_commit=1 in the server configuration</source>
        <translation>服务器在确认提交之前不会将其写入磁盘（innodb_flush_log_at_trx_commit=%1，必须为 1），断电可能丢失已经确认的收款。请在服务器配置中设置 innodb_flush_log_at_trx_commit=1</translation>
    </message>
    <message>
        <source>the binary log is on but sync_binlog=%1 (it must be 1): after a crash the log and the data could disagree</source>
        <translation>二进制日志已开启，但 sync_binlog=%1（必须为 1）：崩溃后日志与数据可能不一致</translation>
    </message>
</context>
<context>
    <name>md::storage::DatabaseConfig</name>
    <message>
        <source>the SQLite URL names no file (expected sqlite:/path/to/file.db)</source>
        <translation>SQLite URL 中没有文件名（应为 sqlite:/path/to/file.db）</translation>
    </message>
    <message>
        <source>an in-memory SQLite database keeps nothing; name a file</source>
        <translation>内存中的 SQLite 数据库不会保存任何数据；请指定一个文件</translation>
    </message>
    <message>
        <source>the MySQL URL is not valid: %1</source>
        <translation>MySQL URL 无效：%1</translation>
    </message>
    <message>
        <source>the MySQL port %1 is out of range (1 to 65535)</source>
        <translation>MySQL 端口 %1 超出范围（1 到 65535）</translation>
    </message>
    <message>
        <source>the MySQL URL must name one database after the host (mysql://user:password@host:port/database)</source>
        <translation>MySQL URL 必须在主机之后指定一个数据库（mysql://user:password@host:port/database）</translation>
    </message>
    <message>
        <source>unknown MySQL URL option &quot;%1&quot; (only socket=PATH is known)</source>
        <translation>未知的 MySQL URL 选项“%1”（只支持 socket=PATH）</translation>
    </message>
    <message>
        <source>the MySQL URL names no host</source>
        <translation>MySQL URL 中没有主机</translation>
    </message>
    <message>
        <source>the MySQL URL names no user</source>
        <translation>MySQL URL 中没有用户</translation>
    </message>
    <message>
        <source>no database URL given</source>
        <translation>没有给出数据库 URL</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is neither sqlite:/path/file.db nor mysql://user:password@host:port/database</source>
        <translation>“%1”既不是 sqlite:/path/file.db，也不是 mysql://user:password@host:port/database</translation>
    </message>
</context>
<context>
    <name>md::storage::Dialect</name>
    <message>
        <source>insertOrIgnore: &quot;%1&quot; is not a table name, or no columns given</source>
        <translation>insertOrIgnore：“%1”不是表名，或没有给出列</translation>
    </message>
    <message>
        <source>insertOrIgnore: &quot;%1&quot; is not a column name</source>
        <translation>insertOrIgnore：“%1”不是列名</translation>
    </message>
    <message>
        <source>unknown placeholder {%1} in schema SQL: %2</source>
        <translation>数据库结构 SQL 中有未知的占位符 {%1}：%2</translation>
    </message>
</context>
<context>
    <name>md::storage::Migrator</name>
    <message>
        <source>The migration list is broken: version %1 where %2 was expected (versions must be 1, 2, 3, ... without gaps or repeats)</source>
        <translation>迁移列表有误：此处应为版本 %2，实际为 %1（版本必须为 1、2、3……，不能有间断或重复）</translation>
    </message>
    <message>
        <source>Migration %1 has an empty statement</source>
        <translation>迁移 %1 中有空语句</translation>
    </message>
    <message>
        <source>Migration %1 (%2) of the database %3 was started but did not finish; the schema is half changed. Restore the backup taken before the upgrade, or complete the migration by hand</source>
        <translation>数据库 %3 的迁移 %1（%2）已开始但没有完成，数据库结构只改了一半。请恢复升级前所做的备份，或手工完成该迁移</translation>
    </message>
    <message>
        <source>The database %1 has schema version %2, but this program knows only up to %3: it was written by a newer MeterDesk. Install that version (or newer) instead of opening it with this one</source>
        <translation>数据库 %1 的结构版本为 %2，但本程序只支持到 %3：它是由更新版本的 MeterDesk 写入的。请安装该版本（或更新版本），不要用本版本打开它</translation>
    </message>
    <message>
        <source>Another program is migrating the database %1; try again later</source>
        <translation>另一个程序正在迁移数据库 %1；请稍后再试</translation>
    </message>
</context>
<context>
    <name>md::storage::MysqlRows</name>
    <message>
        <source>Out of memory for a statement: &quot;%1&quot;</source>
        <translation>语句内存不足：“%1”</translation>
    </message>
    <message>
        <source>Could not prepare the statement</source>
        <translation>无法预编译该语句</translation>
    </message>
    <message>
        <source>&quot;%1&quot; has %2 placeholders, %3 values given</source>
        <translation>“%1”有 %2 个占位符，却给了 %3 个值</translation>
    </message>
    <message>
        <source>Could not bind the values</source>
        <translation>无法绑定参数值</translation>
    </message>
    <message>
        <source>Could not run the statement</source>
        <translation>无法执行该语句</translation>
    </message>
    <message>
        <source>&quot;%1&quot; returns no rows</source>
        <translation>“%1”不返回任何行</translation>
    </message>
    <message>
        <source>Could not bind the result</source>
        <translation>无法绑定结果</translation>
    </message>
    <message>
        <source>Could not read the result</source>
        <translation>无法读取结果</translation>
    </message>
    <message>
        <source>Could not fetch a row</source>
        <translation>无法取得一行</translation>
    </message>
    <message>
        <source>Column %1 of &quot;%2&quot; holds a number beyond 64 bits</source>
        <translation>“%2”的第 %1 列的数值超出 64 位</translation>
    </message>
    <message>
        <source>Could not fetch column %1</source>
        <translation>无法取得第 %1 列</translation>
    </message>
    <message>
        <source>Column %1 of &quot;%2&quot; holds &quot;%3&quot;, not a whole number</source>
        <translation>“%2”的第 %1 列为“%3”，不是整数</translation>
    </message>
</context>
<context>
    <name>md::storage::SqlQuery</name>
    <message>
        <source>Column %1 of &quot;%2&quot; holds &quot;%3&quot;, not a whole number</source>
        <translation>“%2”的第 %1 列为“%3”，不是整数</translation>
    </message>
    <message>
        <source>Column %1 of &quot;%2&quot; is NULL where a number was expected</source>
        <translation>“%2”的第 %1 列为 NULL，此处应为数字</translation>
    </message>
    <message>
        <source>&quot;%1&quot; returned no row</source>
        <translation>“%1”没有返回任何行</translation>
    </message>
    <message>
        <source>&quot;%1&quot; gave no new row id</source>
        <translation>“%1”没有给出新行的 id</translation>
    </message>
</context>
<context>
    <name>md::storage::StorageError</name>
    <message>
        <source>The database refused a statement: %1 (error %2)
Statement: %3</source>
        <translation>数据库拒绝执行语句：%1（错误 %2）
语句：%3</translation>
    </message>
</context>
<context>
    <name>md::storage::TransactionGuard</name>
    <message>
        <source>A transaction is already active on this connection; transactions do not nest</source>
        <translation>此连接上已有活动的事务；事务不能嵌套</translation>
    </message>
    <message>
        <source>commit() without an active transaction</source>
        <translation>没有活动的事务时调用了 commit()</translation>
    </message>
</context>
</TS>
