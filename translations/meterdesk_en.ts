<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>md::AccountSettingsStore</name>
    <message>
        <source>A tariff is required</source>
        <translation>A tariff is required</translation>
    </message>
</context>
<context>
    <name>md::AlarmPolicy</name>
    <message>
        <source>normal</source>
        <translation>normal</translation>
    </message>
    <message>
        <source>low balance (alarm 1)</source>
        <translation>low balance (alarm 1)</translation>
    </message>
    <message>
        <source>very low balance (alarm 2)</source>
        <translation>very low balance (alarm 2)</translation>
    </message>
    <message>
        <source>arrears</source>
        <translation>arrears</translation>
    </message>
    <message>
        <source>Alarm thresholds must satisfy alarm 1 &gt;= alarm 2 &gt;= 0 (got alarm 1 = %1, alarm 2 = %2)</source>
        <translation>Alarm thresholds must satisfy alarm 1 &gt;= alarm 2 &gt;= 0 (got alarm 1 = %1, alarm 2 = %2)</translation>
    </message>
</context>
<context>
    <name>md::ApportionStore</name>
    <message>
        <source>A group needs a name of 1 to 191 characters</source>
        <translation>A group needs a name of 1 to 191 characters</translation>
    </message>
    <message>
        <source>There is already a group named &quot;%1&quot;</source>
        <translation>There is already a group named &quot;%1&quot;</translation>
    </message>
    <message>
        <source>There is no meter %1</source>
        <translation>There is no meter %1</translation>
    </message>
    <message>
        <source>Meter %1 belongs to an account and is billed to its wallet: only a meter of no account can be shared</source>
        <translation>Meter %1 belongs to an account and is billed to its wallet: only a meter of no account can be shared</translation>
    </message>
    <message>
        <source>Meter %1 was removed</source>
        <translation>Meter %1 was removed</translation>
    </message>
    <message>
        <source>Meter %1 is already shared by the group &quot;%2&quot;</source>
        <translation>Meter %1 is already shared by the group &quot;%2&quot;</translation>
    </message>
    <message>
        <source>There is no tariff &quot;%1&quot;</source>
        <translation>There is no tariff &quot;%1&quot;</translation>
    </message>
    <message>
        <source>The tariff &quot;%1&quot; is for %2, the meter measures %3</source>
        <translation>The tariff &quot;%1&quot; is for %2, the meter measures %3</translation>
    </message>
    <message>
        <source>Account %1 is listed twice</source>
        <translation>Account %1 is listed twice</translation>
    </message>
    <message>
        <source>Account %1: a share from 0 to 1000000000</source>
        <translation>Account %1: a share from 0 to 1000000000</translation>
    </message>
    <message>
        <source>There is no account %1</source>
        <translation>There is no account %1</translation>
    </message>
    <message>
        <source>There is no apportionment group %1</source>
        <translation>There is no apportionment group %1</translation>
    </message>
    <message>
        <source>The group &quot;%1&quot; is not active</source>
        <translation>The group &quot;%1&quot; is not active</translation>
    </message>
    <message>
        <source>A period is from one day to another, at most a year and a day</source>
        <translation>A period is from one day to another, at most a year and a day</translation>
    </message>
    <message>
        <source>Meter %1 now belongs to account %2 and is billed to it: it cannot be shared</source>
        <translation>Meter %1 now belongs to account %2 and is billed to it: it cannot be shared</translation>
    </message>
    <message>
        <source>Nothing to apportion: the meter %1 used %2 from %3 to %4, which costs %5</source>
        <translation>Nothing to apportion: the meter %1 used %2 from %3 to %4, which costs %5</translation>
    </message>
    <message>
        <source>The group &quot;%1&quot; was already apportioned from %2 to %3 (run %4, %5)</source>
        <translation>The group &quot;%1&quot; was already apportioned from %2 to %3 (run %4, %5)</translation>
    </message>
    <message>
        <source>An apportionment is posted inside the caller&apos;s transaction</source>
        <translation>An apportionment is posted inside the caller&apos;s transaction</translation>
    </message>
    <message>
        <source>Apportionment run %1 is already %2</source>
        <translation>Apportionment run %1 is already %2</translation>
    </message>
    <message>
        <source>There is no apportionment run %1</source>
        <translation>There is no apportionment run %1</translation>
    </message>
    <message>
        <source>Apportionment run %1 was decided meanwhile</source>
        <translation>Apportionment run %1 was decided meanwhile</translation>
    </message>
    <message>
        <source>Apportionment run %1 is no longer pending</source>
        <translation>Apportionment run %1 is no longer pending</translation>
    </message>
</context>
<context>
    <name>md::Apportionment</name>
    <message>
        <source>A negative amount (%1) cannot be apportioned</source>
        <translation>A negative amount (%1) cannot be apportioned</translation>
    </message>
    <message>
        <source>Account %1 has a negative weight (%2)</source>
        <translation>Account %1 has a negative weight (%2)</translation>
    </message>
    <message>
        <source>No account of the group has any area or share to bear %1</source>
        <translation>No account of the group has any area or share to bear %1</translation>
    </message>
    <message>
        <source>The tariff %1 has no prices on %2</source>
        <translation>The tariff %1 has no prices on %2</translation>
    </message>
</context>
<context>
    <name>md::Authenticator</name>
    <message>
        <source>Too many failed logins: %1 is locked for %2 minutes</source>
        <translation>Too many failed logins: %1 is locked for %2 minutes</translation>
    </message>
    <message>
        <source>Wrong operator name or password</source>
        <translation>Wrong operator name or password</translation>
    </message>
    <message>
        <source>%1 is locked after too many failed logins until %2 UTC</source>
        <translation>%1 is locked after too many failed logins until %2 UTC</translation>
    </message>
    <message>
        <source>%1 is deactivated</source>
        <translation>%1 is deactivated</translation>
    </message>
    <message>
        <source>A password needs at least %1 characters</source>
        <translation>A password needs at least %1 characters</translation>
    </message>
    <message>
        <source>The password must not be the operator name</source>
        <translation>The password must not be the operator name</translation>
    </message>
    <message>
        <source>The new password must differ from the old one</source>
        <translation>The new password must differ from the old one</translation>
    </message>
    <message>
        <source>The current password is wrong</source>
        <translation>The current password is wrong</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <source>An operator name is 1 to 64 letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos; (got &quot;%1&quot;)</source>
        <translation>An operator name is 1 to 64 letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos; (got &quot;%1&quot;)</translation>
    </message>
    <message>
        <source>The operator name %1 is already in use</source>
        <translation>The operator name %1 is already in use</translation>
    </message>
    <message>
        <source>Operator %1 does not exist</source>
        <translation>Operator %1 does not exist</translation>
    </message>
    <message>
        <source>%1 is the last active administrator</source>
        <translation>%1 is the last active administrator</translation>
    </message>
</context>
<context>
    <name>md::Billing</name>
    <message>
        <source>Bad billing state: %1</source>
        <translation>Bad billing state: %1</translation>
    </message>
    <message>
        <source>A reading has no valid time</source>
        <translation>A reading has no valid time</translation>
    </message>
    <message>
        <source>A reading has a bad register %1</source>
        <translation>A reading has a bad register %1</translation>
    </message>
    <message>
        <source>The reading carries no register</source>
        <translation>The reading carries no register</translation>
    </message>
    <message>
        <source>A reading in %1 cannot be billed with a tariff in %2</source>
        <translation>A reading in %1 cannot be billed with a tariff in %2</translation>
    </message>
    <message>
        <source>The reading at %1 is not later than the previous one at %2</source>
        <translation>The reading at %1 is not later than the previous one at %2</translation>
    </message>
    <message>
        <source>The reading at %1 does not carry the same registers as the previous one</source>
        <translation>The reading at %1 does not carry the same registers as the previous one</translation>
    </message>
    <message>
        <source>The %1 register went backwards from %2 to %3 at %4</source>
        <translation>The %1 register went backwards from %2 to %3 at %4</translation>
    </message>
    <message>
        <source>No tariff version is in effect at %1</source>
        <translation>No tariff version is in effect at %1</translation>
    </message>
    <message>
        <source>The tariff version of %1 has no price for the %2 register</source>
        <translation>The tariff version of %1 has no price for the %2 register</translation>
    </message>
</context>
<context>
    <name>md::Channel</name>
    <message>
        <source>cash</source>
        <translation>cash</translation>
    </message>
    <message>
        <source>WeChat Pay</source>
        <translation>WeChat Pay</translation>
    </message>
    <message>
        <source>Alipay</source>
        <translation>Alipay</translation>
    </message>
    <message>
        <source>bank transfer</source>
        <translation>bank transfer</translation>
    </message>
    <message>
        <source>card</source>
        <translation>card</translation>
    </message>
    <message>
        <source>other</source>
        <translation>other</translation>
    </message>
</context>
<context>
    <name>md::DeductionBatch</name>
    <message>
        <source>Internal error: a batch of deductions needs the caller&apos;s database transaction</source>
        <translation>Internal error: a batch of deductions needs the caller&apos;s database transaction</translation>
    </message>
    <message>
        <source>Internal error: a batch of deductions was added to after it was written</source>
        <translation>Internal error: a batch of deductions was added to after it was written</translation>
    </message>
    <message>
        <source>Internal error: a batch of deductions was written twice</source>
        <translation>Internal error: a batch of deductions was written twice</translation>
    </message>
    <message>
        <source>Internal error: a batch of deductions posts %1, not zero</source>
        <translation>Internal error: a batch of deductions posts %1, not zero</translation>
    </message>
</context>
<context>
    <name>md::Ledger</name>
    <message>
        <source>An idempotency key of 1 to %1 characters is required</source>
        <translation>An idempotency key of 1 to %1 characters is required</translation>
    </message>
    <message>
        <source>The amount must be greater than zero (got %1)</source>
        <translation>The amount must be greater than zero (got %1)</translation>
    </message>
    <message>
        <source>Internal error: transaction postings sum to %1, not zero</source>
        <translation>Internal error: transaction postings sum to %1, not zero</translation>
    </message>
    <message>
        <source>The key %1 was already used for a different operation; nothing was done</source>
        <translation>The key %1 was already used for a different operation; nothing was done</translation>
    </message>
    <message>
        <source>Account %1 does not exist</source>
        <translation>Account %1 does not exist</translation>
    </message>
    <message>
        <source>Account %1 is closed</source>
        <translation>Account %1 is closed</translation>
    </message>
    <message>
        <source>An account number of 1 to 64 characters is required</source>
        <translation>An account number of 1 to 64 characters is required</translation>
    </message>
    <message>
        <source>Account number %1 is already in use</source>
        <translation>Account number %1 is already in use</translation>
    </message>
    <message>
        <source>The service fee %1 must be at least zero and less than the payment %2</source>
        <translation>The service fee %1 must be at least zero and less than the payment %2</translation>
    </message>
    <message>
        <source>The balance would be %1, over the cap of %2</source>
        <translation>The balance would be %1, over the cap of %2</translation>
    </message>
    <message>
        <source>Cannot refund %1: the balance is %2</source>
        <translation>Cannot refund %1: the balance is %2</translation>
    </message>
    <message>
        <source>A transfer needs two different wallets</source>
        <translation>A transfer needs two different wallets</translation>
    </message>
    <message>
        <source>Cannot transfer %1: the balance is %2</source>
        <translation>Cannot transfer %1: the balance is %2</translation>
    </message>
    <message>
        <source>Transaction %1 does not exist</source>
        <translation>Transaction %1 does not exist</translation>
    </message>
    <message>
        <source>Transaction %1 (%2) cannot be reversed</source>
        <translation>Transaction %1 (%2) cannot be reversed</translation>
    </message>
    <message>
        <source>Transaction %1 was already reversed</source>
        <translation>Transaction %1 was already reversed</translation>
    </message>
    <message>
        <source>An adjustment of zero changes nothing</source>
        <translation>An adjustment of zero changes nothing</translation>
    </message>
</context>
<context>
    <name>md::MeterImport</name>
    <message>
        <source>a nameplate number has 1 to 64 characters without surrounding spaces</source>
        <translation>a nameplate number has 1 to 64 characters without surrounding spaces</translation>
    </message>
    <message>
        <source>a bus name (as in the service configuration) of 1 to 64 characters is required</source>
        <translation>a bus name (as in the service configuration) of 1 to 64 characters is required</translation>
    </message>
    <message>
        <source>a Modbus address is a unit id from 1 to 247</source>
        <translation>a Modbus address is a unit id from 1 to 247</translation>
    </message>
    <message>
        <source>unknown Modbus register map (see docs/meters.md)</source>
        <translation>unknown Modbus register map (see docs/meters.md)</translation>
    </message>
    <message>
        <source>a DL/T 645 address is the 12 digits on the nameplate</source>
        <translation>a DL/T 645 address is the 12 digits on the nameplate</translation>
    </message>
    <message>
        <source>a CJ/T 188 address is the 14 digits on the nameplate</source>
        <translation>a CJ/T 188 address is the 14 digits on the nameplate</translation>
    </message>
    <message>
        <source>the protocol is modbus, dlt645 or cjt188</source>
        <translation>the protocol is modbus, dlt645 or cjt188</translation>
    </message>
    <message>
        <source>a register map name has at most 64 characters</source>
        <translation>a register map name has at most 64 characters</translation>
    </message>
    <message>
        <source>the maximum rate cannot be negative</source>
        <translation>the maximum rate cannot be negative</translation>
    </message>
    <message>
        <source>a quoted field is not closed</source>
        <translation>a quoted field is not closed</translation>
    </message>
    <message>
        <source>the text is empty: a header row and one row per meter are expected</source>
        <translation>the text is empty: a header row and one row per meter are expected</translation>
    </message>
    <message>
        <source>unknown column (the columns are %1)</source>
        <translation>unknown column (the columns are %1)</translation>
    </message>
    <message>
        <source>the column appears twice</source>
        <translation>the column appears twice</translation>
    </message>
    <message>
        <source>the required column is missing</source>
        <translation>the required column is missing</translation>
    </message>
    <message>
        <source>there are no meters after the header row</source>
        <translation>there are no meters after the header row</translation>
    </message>
    <message>
        <source>%1 fields where the header has %2</source>
        <translation>%1 fields where the header has %2</translation>
    </message>
    <message>
        <source>the utility is electricity, water or heat</source>
        <translation>the utility is electricity, water or heat</translation>
    </message>
    <message>
        <source>the maximum rate is a whole number of W (electricity) or L/h (water), 0 for none</source>
        <translation>the maximum rate is a whole number of W (electricity) or L/h (water), 0 for none</translation>
    </message>
    <message>
        <source>the options are a JSON object, e.g. {&quot;&quot;password&quot;&quot;:&quot;&quot;000000&quot;&quot;} in CSV quoting</source>
        <translation>the options are a JSON object, e.g. {&quot;&quot;password&quot;&quot;:&quot;&quot;000000&quot;&quot;} in CSV quoting</translation>
    </message>
    <message>
        <source>the installation time is an ISO date or time, e.g. 2026-03-01 or 2026-03-01T08:00:00Z</source>
        <translation>the installation time is an ISO date or time, e.g. 2026-03-01 or 2026-03-01T08:00:00Z</translation>
    </message>
    <message>
        <source>a meter with this nameplate is already in the registry</source>
        <translation>a meter with this nameplate is already in the registry</translation>
    </message>
    <message>
        <source>the same nameplate is on line %1</source>
        <translation>the same nameplate is on line %1</translation>
    </message>
    <message>
        <source>meter %1 already has this address on bus %2</source>
        <translation>meter %1 already has this address on bus %2</translation>
    </message>
    <message>
        <source>the same bus and address are on line %1</source>
        <translation>the same bus and address are on line %1</translation>
    </message>
</context>
<context>
    <name>md::MeterRegistry</name>
    <message>
        <source>A meter needs a nameplate number of 1 to 64 characters</source>
        <translation>A meter needs a nameplate number of 1 to 64 characters</translation>
    </message>
    <message>
        <source>Meter %1 needs a bus</source>
        <translation>Meter %1 needs a bus</translation>
    </message>
    <message>
        <source>Meter %1 needs a bus address</source>
        <translation>Meter %1 needs a bus address</translation>
    </message>
    <message>
        <source>Meter %1: unknown protocol &quot;%2&quot; (modbus, dlt645 or cjt188)</source>
        <translation>Meter %1: unknown protocol &quot;%2&quot; (modbus, dlt645 or cjt188)</translation>
    </message>
    <message>
        <source>Meter %1: the maximum rate cannot be negative</source>
        <translation>Meter %1: the maximum rate cannot be negative</translation>
    </message>
    <message>
        <source>Meter %1 needs an installation time</source>
        <translation>Meter %1 needs an installation time</translation>
    </message>
    <message>
        <source>There is no meter %1</source>
        <translation>There is no meter %1</translation>
    </message>
</context>
<context>
    <name>md::Money</name>
    <message>
        <source>Amount out of range</source>
        <translation>Amount out of range</translation>
    </message>
</context>
<context>
    <name>md::PasswordHasher</name>
    <message>
        <source>The cryptography library could not start</source>
        <translation>The cryptography library could not start</translation>
    </message>
    <message>
        <source>Not enough memory to hash a password</source>
        <translation>Not enough memory to hash a password</translation>
    </message>
</context>
<context>
    <name>md::Plausibility</name>
    <message>
        <source>The reading at %1 is not later than the previous one at %2</source>
        <translation>The reading at %1 is not later than the previous one at %2</translation>
    </message>
    <message>
        <source>Register %1 went backwards from %2 to %3</source>
        <translation>Register %1 went backwards from %2 to %3</translation>
    </message>
    <message>
        <source>Register %1 rose by %2 in %3 s, more than the meter&apos;s maximum rate allows (%4)</source>
        <translation>Register %1 rose by %2 in %3 s, more than the meter&apos;s maximum rate allows (%4)</translation>
    </message>
    <message>
        <source>The meter&apos;s counters restarted (reset or rollover): not billed, new baseline</source>
        <translation>The meter&apos;s counters restarted (reset or rollover): not billed, new baseline</translation>
    </message>
</context>
<context>
    <name>md::PropertyStore</name>
    <message>
        <source>site</source>
        <translation>site</translation>
    </message>
    <message>
        <source>building</source>
        <translation>building</translation>
    </message>
    <message>
        <source>unit</source>
        <translation>unit</translation>
    </message>
    <message>
        <source>room</source>
        <translation>room</translation>
    </message>
    <message>
        <source>A %1 code has 1 to 64 characters without leading or trailing spaces (got &quot;%2&quot;)</source>
        <translation>A %1 code has 1 to 64 characters without leading or trailing spaces (got &quot;%2&quot;)</translation>
    </message>
    <message>
        <source>A %1 code cannot contain &quot;/&quot; (got &quot;%2&quot;)</source>
        <translation>A %1 code cannot contain &quot;/&quot; (got &quot;%2&quot;)</translation>
    </message>
    <message>
        <source>A %1 name has 1 to 191 characters (got &quot;%2&quot;)</source>
        <translation>A %1 name has 1 to 191 characters (got &quot;%2&quot;)</translation>
    </message>
    <message>
        <source>The area of room %1 cannot be negative</source>
        <translation>The area of room %1 cannot be negative</translation>
    </message>
    <message>
        <source>Floor %1 of room %2 is not a floor (-20 to 300)</source>
        <translation>Floor %1 of room %2 is not a floor (-20 to 300)</translation>
    </message>
    <message>
        <source>There is already a %1 with the code &quot;%2&quot; here</source>
        <translation>There is already a %1 with the code &quot;%2&quot; here</translation>
    </message>
    <message>
        <source>There is already a %1 named &quot;%2&quot; here</source>
        <translation>There is already a %1 named &quot;%2&quot; here</translation>
    </message>
    <message>
        <source>There is no %1 %2</source>
        <translation>There is no %1 %2</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a room path: site/building/unit/room codes</source>
        <translation>&quot;%1&quot; is not a room path: site/building/unit/room codes</translation>
    </message>
    <message>
        <source>Several rooms have the code %1 (%2): give the path site/building/unit/room</source>
        <translation>Several rooms have the code %1 (%2): give the path site/building/unit/room</translation>
    </message>
    <message>
        <source>There is no room %1</source>
        <translation>There is no room %1</translation>
    </message>
    <message>
        <source>Room %1 is rented by the open account %2</source>
        <translation>Room %1 is rented by the open account %2</translation>
    </message>
</context>
<context>
    <name>md::ProtectedTimes</name>
    <message>
        <source>A protected window must be [&quot;HH:mm&quot;, &quot;HH:mm&quot;] (got %1)</source>
        <translation>A protected window must be [&quot;HH:mm&quot;, &quot;HH:mm&quot;] (got %1)</translation>
    </message>
    <message>
        <source>A holiday must be a date yyyy-MM-dd (got &quot;%1&quot;)</source>
        <translation>A holiday must be a date yyyy-MM-dd (got &quot;%1&quot;)</translation>
    </message>
</context>
<context>
    <name>md::Quantity</name>
    <message>
        <source>Quantities in %1 and %2 cannot be combined</source>
        <translation>Quantities in %1 and %2 cannot be combined</translation>
    </message>
    <message>
        <source>Quantity out of range</source>
        <translation>Quantity out of range</translation>
    </message>
</context>
<context>
    <name>md::Rate</name>
    <message>
        <source>sharp</source>
        <translation>sharp</translation>
    </message>
    <message>
        <source>peak</source>
        <translation>peak</translation>
    </message>
    <message>
        <source>flat</source>
        <translation>flat</translation>
    </message>
    <message>
        <source>valley</source>
        <translation>valley</translation>
    </message>
</context>
<context>
    <name>md::ReadingIngestor</name>
    <message>
        <source>There is no meter %1 in the registry</source>
        <translation>There is no meter %1 in the registry</translation>
    </message>
    <message>
        <source>A reading of meter %1 has no time or no registers</source>
        <translation>A reading of meter %1 has no time or no registers</translation>
    </message>
    <message>
        <source>Account %1 has no collection settings (tariff, thresholds)</source>
        <translation>Account %1 has no collection settings (tariff, thresholds)</translation>
    </message>
    <message>
        <source>A reading of meter %1 is ingested into the caller&apos;s transaction, but none is active</source>
        <translation>A reading of meter %1 is ingested into the caller&apos;s transaction, but none is active</translation>
    </message>
    <message>
        <source>Meter %1 was removed at %2, so a reading dated %3 cannot be from it</source>
        <translation>Meter %1 was removed at %2, so a reading dated %3 cannot be from it</translation>
    </message>
    <message>
        <source>Account %1 cannot be billed: %2</source>
        <translation>Account %1 cannot be billed: %2</translation>
    </message>
</context>
<context>
    <name>md::ReadingsCsv</name>
    <message>
        <source>The file is not valid UTF-8 text</source>
        <translation>The file is not valid UTF-8 text</translation>
    </message>
    <message>
        <source>Expected 3 fields &quot;timestamp,register,value&quot;, found %1</source>
        <translation>Expected 3 fields &quot;timestamp,register,value&quot;, found %1</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an ISO 8601 timestamp</source>
        <translation>&quot;%1&quot; is not an ISO 8601 timestamp</translation>
    </message>
    <message>
        <source>Unknown register &quot;%1&quot; (expected total, sharp, peak, flat or valley)</source>
        <translation>Unknown register &quot;%1&quot; (expected total, sharp, peak, flat or valley)</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a meter reading (a number &gt;= 0 with at most 3 decimals)</source>
        <translation>&quot;%1&quot; is not a meter reading (a number &gt;= 0 with at most 3 decimals)</translation>
    </message>
    <message>
        <source>The %1 register appears twice at %2</source>
        <translation>The %1 register appears twice at %2</translation>
    </message>
    <message>
        <source>The timestamp %1 is earlier than the line before</source>
        <translation>The timestamp %1 is earlier than the line before</translation>
    </message>
    <message>
        <source>Cannot read the file: %1</source>
        <translation>Cannot read the file: %1</translation>
    </message>
</context>
<context>
    <name>md::RelayCommandLog</name>
    <message>
        <source>A relay command is either on or off</source>
        <translation>A relay command is either on or off</translation>
    </message>
    <message>
        <source>There is no relay command %1</source>
        <translation>There is no relay command %1</translation>
    </message>
</context>
<context>
    <name>md::Role</name>
    <message>
        <source>Cashier</source>
        <translation>Cashier</translation>
    </message>
    <message>
        <source>Manager</source>
        <translation>Manager</translation>
    </message>
    <message>
        <source>Engineer</source>
        <translation>Engineer</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <source>Auditor</source>
        <translation>Auditor</translation>
    </message>
</context>
<context>
    <name>md::ServiceConfig</name>
    <message>
        <source>%1 must be a whole number from %2 to %3 (got &quot;%4&quot;)</source>
        <translation>%1 must be a whole number from %2 to %3 (got &quot;%4&quot;)</translation>
    </message>
    <message>
        <source>%1 must be yes or no (got &quot;%2&quot;)</source>
        <translation>%1 must be yes or no (got &quot;%2&quot;)</translation>
    </message>
    <message>
        <source>%1 needs a file path</source>
        <translation>%1 needs a file path</translation>
    </message>
    <message>
        <source>Unknown key &quot;%1&quot; in [%2]</source>
        <translation>Unknown key &quot;%1&quot; in [%2]</translation>
    </message>
    <message>
        <source>[database] needs url = sqlite:FILE or mysql://...</source>
        <translation>[database] needs url = sqlite:FILE or mysql://...</translation>
    </message>
    <message>
        <source>listen must be an IP address, localhost or any (got &quot;%1&quot;)</source>
        <translation>listen must be an IP address, localhost or any (got &quot;%1&quot;)</translation>
    </message>
    <message>
        <source>No PEM certificate could be read from %1</source>
        <translation>No PEM certificate could be read from %1</translation>
    </message>
    <message>
        <source>Cannot read the key file %1: %2</source>
        <translation>Cannot read the key file %1: %2</translation>
    </message>
    <message>
        <source>%1 holds no unencrypted RSA or EC private key in PEM form</source>
        <translation>%1 holds no unencrypted RSA or EC private key in PEM form</translation>
    </message>
    <message>
        <source>TLS needs both tls_certificate and tls_key</source>
        <translation>TLS needs both tls_certificate and tls_key</translation>
    </message>
    <message>
        <source>Listening on %1 without TLS would send passwords in clear text over the network: set tls_certificate and tls_key (or allow_plaintext_lan = yes)</source>
        <translation>Listening on %1 without TLS would send passwords in clear text over the network: set tls_certificate and tls_key (or allow_plaintext_lan = yes)</translation>
    </message>
    <message>
        <source>Cannot read the configuration file: %1</source>
        <translation>Cannot read the configuration file: %1</translation>
    </message>
    <message>
        <source>Unknown section [%1]</source>
        <translation>Unknown section [%1]</translation>
    </message>
    <message>
        <source>Section [%1] appears twice</source>
        <translation>Section [%1] appears twice</translation>
    </message>
    <message>
        <source>The configuration needs a [database] section with url = ...</source>
        <translation>The configuration needs a [database] section with url = ...</translation>
    </message>
    <message>
        <source>office_time_zone must be a time zone name like Asia/Shanghai (got &quot;%1&quot;)</source>
        <translation>office_time_zone must be a time zone name like Asia/Shanghai (got &quot;%1&quot;)</translation>
    </message>
    <message>
        <source>A bus section is [bus NAME], one word (got [%1])</source>
        <translation>A bus section is [bus NAME], one word (got [%1])</translation>
    </message>
    <message>
        <source>%1 must be one of %2 (got &quot;%3&quot;)</source>
        <translation>%1 must be one of %2 (got &quot;%3&quot;)</translation>
    </message>
    <message>
        <source>device needs the serial port, like /dev/ttyUSB0 or COM3</source>
        <translation>device needs the serial port, like /dev/ttyUSB0 or COM3</translation>
    </message>
    <message>
        <source>[%1] needs device = the serial port</source>
        <translation>[%1] needs device = the serial port</translation>
    </message>
    <message>
        <source>The language &quot;%1&quot; is not one the service speaks: zh_CN, en or system</source>
        <translation>The language &quot;%1&quot; is not one the service speaks: zh_CN, en or system</translation>
    </message>
</context>
<context>
    <name>md::TariffFile</name>
    <message>
        <source>The file is not valid UTF-8 text</source>
        <translation>The file is not valid UTF-8 text</translation>
    </message>
    <message>
        <source>A section header must look like [name]</source>
        <translation>A section header must look like [name]</translation>
    </message>
    <message>
        <source>Expected &quot;key = value&quot;, a [section] or a comment</source>
        <translation>Expected &quot;key = value&quot;, a [section] or a comment</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid key name</source>
        <translation>&quot;%1&quot; is not a valid key name</translation>
    </message>
    <message>
        <source>&quot;%1&quot; appears before any [section]</source>
        <translation>&quot;%1&quot; appears before any [section]</translation>
    </message>
    <message>
        <source>Duplicate key &quot;%1&quot;</source>
        <translation>Duplicate key &quot;%1&quot;</translation>
    </message>
    <message>
        <source>The id must be letters, digits, &quot;-&quot;, &quot;_&quot; or &quot;.&quot; (got &quot;%1&quot;)</source>
        <translation>The id must be letters, digits, &quot;-&quot;, &quot;_&quot; or &quot;.&quot; (got &quot;%1&quot;)</translation>
    </message>
    <message>
        <source>Unknown utility &quot;%1&quot; (expected electricity, water or heat)</source>
        <translation>Unknown utility &quot;%1&quot; (expected electricity, water or heat)</translation>
    </message>
    <message>
        <source>Unknown time zone &quot;%1&quot;</source>
        <translation>Unknown time zone &quot;%1&quot;</translation>
    </message>
    <message>
        <source>Unknown key &quot;%1&quot; in [tariff]</source>
        <translation>Unknown key &quot;%1&quot; in [tariff]</translation>
    </message>
    <message>
        <source>[tariff] needs an id</source>
        <translation>[tariff] needs an id</translation>
    </message>
    <message>
        <source>[tariff] needs a utility (electricity, water or heat)</source>
        <translation>[tariff] needs a utility (electricity, water or heat)</translation>
    </message>
    <message>
        <source>Unknown unit &quot;%1&quot; (expected kWh, m3 or GJ)</source>
        <translation>Unknown unit &quot;%1&quot; (expected kWh, m3 or GJ)</translation>
    </message>
    <message>
        <source>The unit %1 does not measure %2</source>
        <translation>The unit %1 does not measure %2</translation>
    </message>
    <message>
        <source>Unknown section [%1] (expected [tariff] or [version])</source>
        <translation>Unknown section [%1] (expected [tariff] or [version])</translation>
    </message>
    <message>
        <source>Only one [tariff] section is allowed</source>
        <translation>Only one [tariff] section is allowed</translation>
    </message>
    <message>
        <source>[tariff] must come before the first [version]</source>
        <translation>[tariff] must come before the first [version]</translation>
    </message>
    <message>
        <source>Versions must be in increasing order of their effective date (%1 is not after %2 on line %3)</source>
        <translation>Versions must be in increasing order of their effective date (%1 is not after %2 on line %3)</translation>
    </message>
    <message>
        <source>The file has no [tariff] section</source>
        <translation>The file has no [tariff] section</translation>
    </message>
    <message>
        <source>The file has no [version] section</source>
        <translation>The file has no [version] section</translation>
    </message>
    <message>
        <source>Cannot read the file: %1</source>
        <translation>Cannot read the file: %1</translation>
    </message>
    <message>
        <source>[version] needs an effective date (effective = YYYY-MM-DD)</source>
        <translation>[version] needs an effective date (effective = YYYY-MM-DD)</translation>
    </message>
    <message>
        <source>A ladder needs tier-basis = month or year</source>
        <translation>A ladder needs tier-basis = month or year</translation>
    </message>
    <message>
        <source>tier-year-start only applies to tier-basis = year</source>
        <translation>tier-year-start only applies to tier-basis = year</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an amount in yuan with at most 2 decimals</source>
        <translation>&quot;%1&quot; is not an amount in yuan with at most 2 decimals</translation>
    </message>
    <message>
        <source>%1 must not be negative</source>
        <translation>%1 must not be negative</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a quantity with at most 3 decimals</source>
        <translation>&quot;%1&quot; is not a quantity with at most 3 decimals</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a date (YYYY-MM-DD)</source>
        <translation>&quot;%1&quot; is not a date (YYYY-MM-DD)</translation>
    </message>
    <message>
        <source>Unknown tier-basis &quot;%1&quot; (expected none, month or year)</source>
        <translation>Unknown tier-basis &quot;%1&quot; (expected none, month or year)</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a day of the year (MM-DD)</source>
        <translation>&quot;%1&quot; is not a day of the year (MM-DD)</translation>
    </message>
    <message>
        <source>At most %1 tiers are allowed</source>
        <translation>At most %1 tiers are allowed</translation>
    </message>
    <message>
        <source>Tier bounds must be positive and increasing (%1)</source>
        <translation>Tier bounds must be positive and increasing (%1)</translation>
    </message>
    <message>
        <source>At most 4 rates are allowed (sharp, peak, flat, valley)</source>
        <translation>At most 4 rates are allowed (sharp, peak, flat, valley)</translation>
    </message>
    <message>
        <source>Unknown rate &quot;%1&quot; (expected sharp, peak, flat or valley)</source>
        <translation>Unknown rate &quot;%1&quot; (expected sharp, peak, flat or valley)</translation>
    </message>
    <message>
        <source>The rate %1 is listed twice</source>
        <translation>The rate %1 is listed twice</translation>
    </message>
    <message>
        <source>balance-cap must be more than zero (leave it out for no cap)</source>
        <translation>balance-cap must be more than zero (leave it out for no cap)</translation>
    </message>
    <message>
        <source>Unknown rounding &quot;%1&quot; (expected half-up, half-even, down or up)</source>
        <translation>Unknown rounding &quot;%1&quot; (expected half-up, half-even, down or up)</translation>
    </message>
    <message>
        <source>Unknown key &quot;%1&quot; in [version]</source>
        <translation>Unknown key &quot;%1&quot; in [version]</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a percentage between 0% and 100% with at most 2 decimals</source>
        <translation>&quot;%1&quot; is not a percentage between 0% and 100% with at most 2 decimals</translation>
    </message>
    <message>
        <source>A period looks like &quot;06:00-22:00 peak&quot; (got &quot;%1&quot;)</source>
        <translation>A period looks like &quot;06:00-22:00 peak&quot; (got &quot;%1&quot;)</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a time range within the day</source>
        <translation>&quot;%1&quot; is not a time range within the day</translation>
    </message>
    <message>
        <source>The period %1 is empty</source>
        <translation>The period %1 is empty</translation>
    </message>
    <message>
        <source>At most %1 periods a day are allowed</source>
        <translation>At most %1 periods a day are allowed</translation>
    </message>
    <message>
        <source>Time-of-use rates need period lines that cover the day</source>
        <translation>Time-of-use rates need period lines that cover the day</translation>
    </message>
    <message>
        <source>The rate %1 is not listed in rates</source>
        <translation>The rate %1 is not listed in rates</translation>
    </message>
    <message>
        <source>This period overlaps the period on line %1 at %2</source>
        <translation>This period overlaps the period on line %1 at %2</translation>
    </message>
    <message>
        <source>The periods leave %1-%2 uncovered</source>
        <translation>The periods leave %1-%2 uncovered</translation>
    </message>
    <message>
        <source>The rate %1 has no period</source>
        <translation>The rate %1 has no period</translation>
    </message>
    <message>
        <source>Unknown rate &quot;%1&quot; in %2</source>
        <translation>Unknown rate &quot;%1&quot; in %2</translation>
    </message>
    <message>
        <source>Duplicate prices for the rate %1</source>
        <translation>Duplicate prices for the rate %1</translation>
    </message>
    <message>
        <source>%1 needs %2 price(s), one per tier; found %3</source>
        <translation>%1 needs %2 price(s), one per tier; found %3</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a price in yuan with at most 4 decimals</source>
        <translation>&quot;%1&quot; is not a price in yuan with at most 4 decimals</translation>
    </message>
    <message>
        <source>Negative price %1</source>
        <translation>Negative price %1</translation>
    </message>
    <message>
        <source>The [version] on this line has no price.%1</source>
        <translation>The [version] on this line has no price.%1</translation>
    </message>
</context>
<context>
    <name>md::TariffStore</name>
    <message>
        <source>There is no tariff &quot;%1&quot;</source>
        <translation>There is no tariff &quot;%1&quot;</translation>
    </message>
</context>
<context>
    <name>md::Utility</name>
    <message>
        <source>electricity</source>
        <translation>electricity</translation>
    </message>
    <message>
        <source>water</source>
        <translation>water</translation>
    </message>
    <message>
        <source>heat</source>
        <translation>heat</translation>
    </message>
</context>
<context>
    <name>md::api</name>
    <message>
        <source>There is no account numbered %1</source>
        <translation>There is no account numbered %1</translation>
    </message>
    <message>
        <source>Account %1 does not exist</source>
        <translation>Account %1 does not exist</translation>
    </message>
    <message>
        <source>Parameter &quot;limit&quot;: from 1 to 500</source>
        <translation>Parameter &quot;limit&quot;: from 1 to 500</translation>
    </message>
    <message>
        <source>The key %1 was already used for a different request; nothing was done</source>
        <translation>The key %1 was already used for a different request; nothing was done</translation>
    </message>
    <message>
        <source>The amount must be greater than zero (got %1)</source>
        <translation>The amount must be greater than zero (got %1)</translation>
    </message>
    <message>
        <source>Transaction %1 does not exist</source>
        <translation>Transaction %1 does not exist</translation>
    </message>
    <message>
        <source>An adjustment of zero changes nothing</source>
        <translation>An adjustment of zero changes nothing</translation>
    </message>
    <message>
        <source>The request line is longer than %1 bytes</source>
        <translation>The request line is longer than %1 bytes</translation>
    </message>
    <message>
        <source>The database refused the operation: %1</source>
        <translation>The database refused the operation: %1</translation>
    </message>
    <message>
        <source>Internal error: %1</source>
        <translation>Internal error: %1</translation>
    </message>
    <message>
        <source>TLS is configured but no TLS library is available</source>
        <translation>TLS is configured but no TLS library is available</translation>
    </message>
    <message>
        <source>Cannot listen on %1 port %2: %3</source>
        <translation>Cannot listen on %1 port %2: %3</translation>
    </message>
    <message>
        <source>The stored request has no valid %1</source>
        <translation>The stored request has no valid %1</translation>
    </message>
    <message>
        <source>Unknown request kind %1</source>
        <translation>Unknown request kind %1</translation>
    </message>
    <message>
        <source>There is no request %1</source>
        <translation>There is no request %1</translation>
    </message>
    <message>
        <source>Request %1 is already %2</source>
        <translation>Request %1 is already %2</translation>
    </message>
    <message>
        <source>A request must be approved by another operator than the one who made it</source>
        <translation>A request must be approved by another operator than the one who made it</translation>
    </message>
    <message>
        <source>Request %1 was decided meanwhile</source>
        <translation>Request %1 was decided meanwhile</translation>
    </message>
    <message>
        <source>Request %1 was already carried out (approve it again to complete it)</source>
        <translation>Request %1 was already carried out (approve it again to complete it)</translation>
    </message>
    <message>
        <source>Parameter &quot;status&quot;: pending, approved or rejected</source>
        <translation>Parameter &quot;status&quot;: pending, approved or rejected</translation>
    </message>
    <message>
        <source>Parameter &quot;limit&quot;: from 1 to 1000</source>
        <translation>Parameter &quot;limit&quot;: from 1 to 1000</translation>
    </message>
    <message>
        <source>The line is not valid JSON: %1 at byte %2</source>
        <translation>The line is not valid JSON: %1 at byte %2</translation>
    </message>
    <message>
        <source>Batch requests are not supported: send one object per line</source>
        <translation>Batch requests are not supported: send one object per line</translation>
    </message>
    <message>
        <source>A request must be a JSON object</source>
        <translation>A request must be a JSON object</translation>
    </message>
    <message>
        <source>A request needs an &quot;id&quot; (notifications are not accepted)</source>
        <translation>A request needs an &quot;id&quot; (notifications are not accepted)</translation>
    </message>
    <message>
        <source>&quot;id&quot; must be a string or an integer</source>
        <translation>&quot;id&quot; must be a string or an integer</translation>
    </message>
    <message>
        <source>&quot;jsonrpc&quot; must be &quot;2.0&quot;</source>
        <translation>&quot;jsonrpc&quot; must be &quot;2.0&quot;</translation>
    </message>
    <message>
        <source>&quot;method&quot; must be a non-empty string</source>
        <translation>&quot;method&quot; must be a non-empty string</translation>
    </message>
    <message>
        <source>&quot;params&quot; must be an object (named parameters)</source>
        <translation>&quot;params&quot; must be an object (named parameters)</translation>
    </message>
    <message>
        <source>Unknown member &quot;%1&quot; in the request</source>
        <translation>Unknown member &quot;%1&quot; in the request</translation>
    </message>
    <message>
        <source>Parameter &quot;%1&quot;: %2</source>
        <translation>Parameter &quot;%1&quot;: %2</translation>
    </message>
    <message>
        <source>There is no receipt number %1</source>
        <translation>There is no receipt number %1</translation>
    </message>
    <message>
        <source>Parameter &quot;role&quot;: must be cashier, manager, engineer, administrator or auditor (got &quot;%1&quot;)</source>
        <translation>Parameter &quot;role&quot;: must be cashier, manager, engineer, administrator or auditor (got &quot;%1&quot;)</translation>
    </message>
    <message>
        <source>Parameter &quot;active&quot;: true or false is required</source>
        <translation>Parameter &quot;active&quot;: true or false is required</translation>
    </message>
    <message>
        <source>a non-empty string is required</source>
        <translation>a non-empty string is required</translation>
    </message>
    <message>
        <source>must be a string</source>
        <translation>must be a string</translation>
    </message>
    <message>
        <source>an integer is required</source>
        <translation>an integer is required</translation>
    </message>
    <message>
        <source>must be an integer</source>
        <translation>must be an integer</translation>
    </message>
    <message>
        <source>must be true or false</source>
        <translation>must be true or false</translation>
    </message>
    <message>
        <source>an amount in yuan as a string is required, e.g. &quot;100.00&quot;</source>
        <translation>an amount in yuan as a string is required, e.g. &quot;100.00&quot;</translation>
    </message>
    <message>
        <source>an amount must be a string of yuan with at most two decimals, e.g. &quot;100.00&quot;</source>
        <translation>an amount must be a string of yuan with at most two decimals, e.g. &quot;100.00&quot;</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an amount in yuan with at most two decimals</source>
        <translation>&quot;%1&quot; is not an amount in yuan with at most two decimals</translation>
    </message>
    <message>
        <source>must be electricity, water or heat (got &quot;%1&quot;)</source>
        <translation>must be electricity, water or heat (got &quot;%1&quot;)</translation>
    </message>
    <message>
        <source>must be cash, wechat, alipay, bank-transfer, card or other (got &quot;%1&quot;)</source>
        <translation>must be cash, wechat, alipay, bank-transfer, card or other (got &quot;%1&quot;)</translation>
    </message>
    <message>
        <source>an idempotency key has at most 128 characters</source>
        <translation>an idempotency key has at most 128 characters</translation>
    </message>
    <message>
        <source>Parameter &quot;%1&quot;: a list of meter ids</source>
        <translation>Parameter &quot;%1&quot;: a list of meter ids</translation>
    </message>
    <message>
        <source>At most 10000 meters at once</source>
        <translation>At most 10000 meters at once</translation>
    </message>
    <message>
        <source>There is no bus named %1</source>
        <translation>There is no bus named %1</translation>
    </message>
    <message>
        <source>Meter %1 is not on a bus this service reads</source>
        <translation>Meter %1 is not on a bus this service reads</translation>
    </message>
    <message>
        <source>There is no installed meter %1</source>
        <translation>There is no installed meter %1</translation>
    </message>
    <message>
        <source>Meter %1 belongs to no account: only trip and close apply</source>
        <translation>Meter %1 belongs to no account: only trip and close apply</translation>
    </message>
    <message>
        <source>Account %1 has no tariff and thresholds for %2 yet (account.configure)</source>
        <translation>Account %1 has no tariff and thresholds for %2 yet (account.configure)</translation>
    </message>
    <message>
        <source>Parameter &quot;action&quot;: one of %1</source>
        <translation>Parameter &quot;action&quot;: one of %1</translation>
    </message>
    <message>
        <source>Parameter &quot;protocol&quot;: modbus or broadcast</source>
        <translation>Parameter &quot;protocol&quot;: modbus or broadcast</translation>
    </message>
    <message>
        <source>Parameters &quot;first&quot; and &quot;last&quot;: unit ids from 1 to 247, first ≤ last</source>
        <translation>Parameters &quot;first&quot; and &quot;last&quot;: unit ids from 1 to 247, first ≤ last</translation>
    </message>
    <message>
        <source>this service reads no bus named %1 (it has %2): the meter is not read until the bus is configured</source>
        <translation>this service reads no bus named %1 (it has %2): the meter is not read until the bus is configured</translation>
    </message>
    <message>
        <source>There is no meter %1</source>
        <translation>There is no meter %1</translation>
    </message>
    <message>
        <source>There is no room %1</source>
        <translation>There is no room %1</translation>
    </message>
    <message>
        <source>Parameter &quot;%1&quot;: an ISO 8601 time, e.g. 2026-03-01T08:00:00Z (got &quot;%2&quot;)</source>
        <translation>Parameter &quot;%1&quot;: an ISO 8601 time, e.g. 2026-03-01T08:00:00Z (got &quot;%2&quot;)</translation>
    </message>
    <message>
        <source>Meter %1 already has the nameplate %2</source>
        <translation>Meter %1 already has the nameplate %2</translation>
    </message>
    <message>
        <source>Meter %1 (%2) already has the address %3 on bus %4</source>
        <translation>Meter %1 (%2) already has the address %3 on bus %4</translation>
    </message>
    <message>
        <source>Meter %1 was removed; its record is kept as history</source>
        <translation>Meter %1 was removed; its record is kept as history</translation>
    </message>
    <message>
        <source>Meter %1 bills account %2&apos;s %3 wallet: its utility cannot change while it is assigned</source>
        <translation>Meter %1 bills account %2&apos;s %3 wallet: its utility cannot change while it is assigned</translation>
    </message>
    <message>
        <source>Meter %1 was already removed</source>
        <translation>Meter %1 was already removed</translation>
    </message>
    <message>
        <source>Meter %1 cannot be removed before it was installed</source>
        <translation>Meter %1 cannot be removed before it was installed</translation>
    </message>
    <message>
        <source>There is no meter with the nameplate %1</source>
        <translation>There is no meter with the nameplate %1</translation>
    </message>
    <message numerus="yes">
        <source>Nothing was imported: %n problem(s) on %1 line(s); the first on line %2, column %3: %4</source>
        <translation>
            <numerusform>Nothing was imported: %n problem on %1 line; the first on line %2, column %3: %4</numerusform>
            <numerusform>Nothing was imported: %n problems on %1 line(s); the first on line %2, column %3: %4</numerusform>
        </translation>
    </message>
    <message>
        <source>Parameter &quot;%1&quot;: no register &quot;%2&quot; (total, sharp, peak, flat, valley)</source>
        <translation>Parameter &quot;%1&quot;: no register &quot;%2&quot; (total, sharp, peak, flat, valley)</translation>
    </message>
    <message>
        <source>Parameter &quot;%1&quot;: the %2 register is a decimal string of %3 with at most three decimals, e.g. &quot;1234.56&quot;</source>
        <translation>Parameter &quot;%1&quot;: the %2 register is a decimal string of %3 with at most three decimals, e.g. &quot;1234.56&quot;</translation>
    </message>
    <message>
        <source>Parameter &quot;%1&quot;: the total register is required</source>
        <translation>Parameter &quot;%1&quot;: the total register is required</translation>
    </message>
    <message>
        <source>Parameter &quot;%1&quot; is required</source>
        <translation>Parameter &quot;%1&quot; is required</translation>
    </message>
    <message>
        <source>Meter %1 went back from %2 to %3 %4 at %5 (a counter reset), but its final reading, %6 %4, continues from %2: the readings since %5 are most likely its successor&apos;s, read under its address before the swap was recorded. They must be sorted out before the swap; nothing was changed</source>
        <translation>Meter %1 went back from %2 to %3 %4 at %5 (a counter reset), but its final reading, %6 %4, continues from %2: the readings since %5 are most likely its successor&apos;s, read under its address before the swap was recorded. They must be sorted out before the swap; nothing was changed</translation>
    </message>
    <message>
        <source>The swap at %1 is not after meter %2&apos;s last reading at %3</source>
        <translation>The swap at %1 is not after meter %2&apos;s last reading at %3</translation>
    </message>
    <message>
        <source>The final reading of meter %1 lacks its %2 register (last read %3 %4)</source>
        <translation>The final reading of meter %1 lacks its %2 register (last read %3 %4)</translation>
    </message>
    <message>
        <source>The final %1 reading of meter %2, %3 %4, is below its last reading, %5 %4 at %6</source>
        <translation>The final %1 reading of meter %2, %3 %4, is below its last reading, %5 %4 at %6</translation>
    </message>
    <message>
        <source>Parameter &quot;new_meter&quot;: &quot;%1&quot; is not set here: the new meter takes the old one&apos;s account and room and is installed at the swap</source>
        <translation>Parameter &quot;new_meter&quot;: &quot;%1&quot; is not set here: the new meter takes the old one&apos;s account and room and is installed at the swap</translation>
    </message>
    <message>
        <source>Meter %1 measures %2: its successor must measure %2 too (got &quot;%3&quot;)</source>
        <translation>Meter %1 measures %2: its successor must measure %2 too (got &quot;%3&quot;)</translation>
    </message>
    <message>
        <source>The swap at %1 is in the future (now %2)</source>
        <translation>The swap at %1 is in the future (now %2)</translation>
    </message>
    <message>
        <source>Meter %1 was already removed at %2: there is nothing to swap</source>
        <translation>Meter %1 was already removed at %2: there is nothing to swap</translation>
    </message>
    <message>
        <source>Meter %1 cannot be swapped before it was installed (%2)</source>
        <translation>Meter %1 cannot be swapped before it was installed (%2)</translation>
    </message>
    <message>
        <source>The final reading of meter %1 cannot be billed: %2</source>
        <translation>The final reading of meter %1 cannot be billed: %2</translation>
    </message>
    <message>
        <source>must be a list</source>
        <translation>must be a list</translation>
    </message>
    <message>
        <source>must be a JSON object</source>
        <translation>must be a JSON object</translation>
    </message>
    <message>
        <source>Only rooms have a floor and an area</source>
        <translation>Only rooms have a floor and an area</translation>
    </message>
    <message>
        <source>Parameter &quot;area&quot;: square metres as a string with at most two decimals, e.g. &quot;35.50&quot; (got &quot;%1&quot;)</source>
        <translation>Parameter &quot;area&quot;: square metres as a string with at most two decimals, e.g. &quot;35.50&quot; (got &quot;%1&quot;)</translation>
    </message>
    <message>
        <source>There is no %1 %2</source>
        <translation>There is no %1 %2</translation>
    </message>
    <message>
        <source>Parameter &quot;rooms&quot;: a list of room ids is required</source>
        <translation>Parameter &quot;rooms&quot;: a list of room ids is required</translation>
    </message>
    <message>
        <source>Account %1 is closed</source>
        <translation>Account %1 is closed</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a time zone (e.g. Asia/Shanghai)</source>
        <translation>&quot;%1&quot; is not a time zone (e.g. Asia/Shanghai)</translation>
    </message>
    <message>
        <source>a day as YYYY-MM-DD is required (got &quot;%1&quot;)</source>
        <translation>a day as YYYY-MM-DD is required (got &quot;%1&quot;)</translation>
    </message>
    <message>
        <source>a time as YYYY-MM-DDTHH:MM[:SS][Z|+08:00] is required (got &quot;%1&quot;)</source>
        <translation>a time as YYYY-MM-DDTHH:MM[:SS][Z|+08:00] is required (got &quot;%1&quot;)</translation>
    </message>
    <message>
        <source>must be day, month or year (got &quot;%1&quot;)</source>
        <translation>must be day, month or year (got &quot;%1&quot;)</translation>
    </message>
    <message>
        <source>A cashier may only see their own shifts</source>
        <translation>A cashier may only see their own shifts</translation>
    </message>
    <message>
        <source>there is no shift close %1</source>
        <translation>there is no shift close %1</translation>
    </message>
    <message>
        <source>give from and to, or shift_close</source>
        <translation>give from and to, or shift_close</translation>
    </message>
    <message>
        <source>must not be before from</source>
        <translation>must not be before from</translation>
    </message>
    <message>
        <source>must be alarm1, alarm2 or arrears (got &quot;%1&quot;)</source>
        <translation>must be alarm1, alarm2 or arrears (got &quot;%1&quot;)</translation>
    </message>
    <message>
        <source>There is no tariff &quot;%1&quot;</source>
        <translation>There is no tariff &quot;%1&quot;</translation>
    </message>
    <message>
        <source>Parameter &quot;text&quot;: a tariff file of at most 256 KiB</source>
        <translation>Parameter &quot;text&quot;: a tariff file of at most 256 KiB</translation>
    </message>
    <message>
        <source>This service reads no meters: its configuration names no [bus]</source>
        <translation>This service reads no meters: its configuration names no [bus]</translation>
    </message>
    <message>
        <source>must be meter, room, building or utility (got &quot;%1&quot;)</source>
        <translation>must be meter, room, building or utility (got &quot;%1&quot;)</translation>
    </message>
    <message>
        <source>consumption is rolled up by the office&apos;s days; a time zone cannot be chosen</source>
        <translation>consumption is rolled up by the office&apos;s days; a time zone cannot be chosen</translation>
    </message>
    <message>
        <source>must be consumption or sales (got &quot;%1&quot;)</source>
        <translation>must be consumption or sales (got &quot;%1&quot;)</translation>
    </message>
    <message>
        <source>Parameter &quot;%1&quot;: a day as YYYY-MM-DD is required (got &quot;%2&quot;)</source>
        <translation>Parameter &quot;%1&quot;: a day as YYYY-MM-DD is required (got &quot;%2&quot;)</translation>
    </message>
    <message>
        <source>Parameter &quot;members&quot;: account ids, or objects with account (or code) and weight</source>
        <translation>Parameter &quot;members&quot;: account ids, or objects with account (or code) and weight</translation>
    </message>
    <message>
        <source>Parameter &quot;members&quot;: by weight, every member needs a weight of 0 or more (account %1)</source>
        <translation>Parameter &quot;members&quot;: by weight, every member needs a weight of 0 or more (account %1)</translation>
    </message>
    <message>
        <source>Parameter &quot;method&quot;: area or weight (got &quot;%1&quot;)</source>
        <translation>Parameter &quot;method&quot;: area or weight (got &quot;%1&quot;)</translation>
    </message>
    <message>
        <source>There is no apportionment group %1</source>
        <translation>There is no apportionment group %1</translation>
    </message>
    <message>
        <source>Parameter &quot;members&quot;: a new method needs its members (and weights) again</source>
        <translation>Parameter &quot;members&quot;: a new method needs its members (and weights) again</translation>
    </message>
    <message>
        <source>Parameter &quot;to&quot;: the period must be over (before %1)</source>
        <translation>Parameter &quot;to&quot;: the period must be over (before %1)</translation>
    </message>
    <message>
        <source>Parameter &quot;to&quot;: from the day of &quot;from&quot; to a century after it</source>
        <translation>Parameter &quot;to&quot;: from the day of &quot;from&quot; to a century after it</translation>
    </message>
    <message>
        <source>Parameter &quot;%1&quot;: a day as YYYY-MM-DD or a time as YYYY-MM-DDTHH:MM[:SS][Z|+08:00] is required (got &quot;%2&quot;)</source>
        <translation>Parameter &quot;%1&quot;: a day as YYYY-MM-DD or a time as YYYY-MM-DDTHH:MM[:SS][Z|+08:00] is required (got &quot;%2&quot;)</translation>
    </message>
    <message>
        <source>Parameter &quot;to&quot;: must not be before &quot;from&quot;</source>
        <translation>Parameter &quot;to&quot;: must not be before &quot;from&quot;</translation>
    </message>
    <message>
        <source>must be 1 to %1 (got %2)</source>
        <translation>must be 1 to %1 (got %2)</translation>
    </message>
    <message>
        <source>the &quot;next&quot; of the previous page is required (got &quot;%1&quot;)</source>
        <translation>the &quot;next&quot; of the previous page is required (got &quot;%1&quot;)</translation>
    </message>
    <message>
        <source>There is no account %1</source>
        <translation>There is no account %1</translation>
    </message>
</context>
<context>
    <name>md::api::ApiClient</name>
    <message>
        <source>TLS connection to %1:%2 failed: %3</source>
        <translation>TLS connection to %1:%2 failed: %3</translation>
    </message>
    <message>
        <source>Cannot connect to %1:%2: %3</source>
        <translation>Cannot connect to %1:%2: %3</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>Not connected</translation>
    </message>
    <message>
        <source>The service closed the connection</source>
        <translation>The service closed the connection</translation>
    </message>
    <message>
        <source>No answer from the service within %1 ms</source>
        <translation>No answer from the service within %1 ms</translation>
    </message>
    <message>
        <source>Cannot send to the service: %1</source>
        <translation>Cannot send to the service: %1</translation>
    </message>
</context>
<context>
    <name>md::api::ApiFailure</name>
    <message>
        <source>The service at %1:%2 cannot be reached (%3). Is meterdeskd running, and is the address right?</source>
        <translation>The service at %1:%2 cannot be reached (%3). Is meterdeskd running, and is the address right?</translation>
    </message>
    <message>
        <source>The connection to the service was lost and could not be restored.</source>
        <translation>The connection to the service was lost and could not be restored.</translation>
    </message>
    <message>
        <source>The service did not answer in time.</source>
        <translation>The service did not answer in time.</translation>
    </message>
</context>
<context>
    <name>md::api::ApiService</name>
    <message>
        <source>There is no method %1</source>
        <translation>There is no method %1</translation>
    </message>
    <message>
        <source>Log in first (session.login)</source>
        <translation>Log in first (session.login)</translation>
    </message>
    <message>
        <source>The session expired after %1 idle minutes; log in again</source>
        <translation>The session expired after %1 idle minutes; log in again</translation>
    </message>
    <message>
        <source>This operator was deactivated; the session has ended</source>
        <translation>This operator was deactivated; the session has ended</translation>
    </message>
    <message>
        <source>Change the one-time password first (session.change_password)</source>
        <translation>Change the one-time password first (session.change_password)</translation>
    </message>
    <message>
        <source>The role %1 may not call %2</source>
        <translation>The role %1 may not call %2</translation>
    </message>
</context>
<context>
    <name>md::api::AuditVerifier</name>
    <message>
        <source>Record %1 is missing (the next record is %2)</source>
        <translation>Record %1 is missing (the next record is %2)</translation>
    </message>
    <message>
        <source>Record %1 does not follow record %2: its previous-hash differs</source>
        <translation>Record %1 does not follow record %2: its previous-hash differs</translation>
    </message>
    <message>
        <source>Record %1 was changed: its content does not match its hash</source>
        <translation>Record %1 was changed: its content does not match its hash</translation>
    </message>
    <message>
        <source>The chain head is missing</source>
        <translation>The chain head is missing</translation>
    </message>
    <message>
        <source>Records %1 to %2 are missing at the end of the log</source>
        <translation>Records %1 to %2 are missing at the end of the log</translation>
    </message>
    <message>
        <source>Record %1 is beyond the chain head (the log ends at record %2)</source>
        <translation>Record %1 is beyond the chain head (the log ends at record %2)</translation>
    </message>
    <message>
        <source>Record %1 does not match the chain head</source>
        <translation>Record %1 does not match the chain head</translation>
    </message>
</context>
<context>
    <name>md::api::ServiceClient</name>
    <message>
        <source>no answer to the connection attempt</source>
        <translation>no answer to the connection attempt</translation>
    </message>
    <message>
        <source>a call got no answer in time</source>
        <translation>a call got no answer in time</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Connecting…</translation>
    </message>
    <message>
        <source>Logging in…</source>
        <translation>Logging in…</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Connected</translation>
    </message>
    <message>
        <source>Connection lost, reconnecting…</source>
        <translation>Connection lost, reconnecting…</translation>
    </message>
    <message>
        <source>the service closed the connection</source>
        <translation>the service closed the connection</translation>
    </message>
    <message>
        <source>%1; next attempt in %2 s</source>
        <translation>%1; next attempt in %2 s</translation>
    </message>
    <message>
        <source>the connection was dropped</source>
        <translation>the connection was dropped</translation>
    </message>
</context>
<context>
    <name>md::app::AccountDetailWindow</name>
    <message>
        <source>Account %1 — detail</source>
        <translation>Account %1 — detail</translation>
    </message>
    <message>
        <source>Wallet</source>
        <translation>Wallet</translation>
    </message>
    <message>
        <source>Balance (yuan)</source>
        <translation>Balance (yuan)</translation>
    </message>
    <message>
        <source>Select a transaction to read how it came about.</source>
        <translation>Select a transaction to read how it came about.</translation>
    </message>
    <message>
        <source>&amp;Older transactions</source>
        <translation>&amp;Older transactions</translation>
    </message>
    <message>
        <source>Meter</source>
        <translation>Meter</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Alarm</source>
        <translation>Alarm</translation>
    </message>
    <message>
        <source>Relay</source>
        <translation>Relay</translation>
    </message>
    <message>
        <source>Last reading</source>
        <translation>Last reading</translation>
    </message>
    <message>
        <source>Read at</source>
        <translation>Read at</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>Command</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Requested</source>
        <translation>Requested</translation>
    </message>
    <message>
        <source>Confirmed</source>
        <translation>Confirmed</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Error</translation>
    </message>
    <message>
        <source>Relay commands of the selected meter (newest first):</source>
        <translation>Relay commands of the selected meter (newest first):</translation>
    </message>
    <message>
        <source>&amp;Balances</source>
        <translation>&amp;Balances</translation>
    </message>
    <message>
        <source>&amp;Ledger</source>
        <translation>&amp;Ledger</translation>
    </message>
    <message>
        <source>C&amp;onsumption</source>
        <translation>C&amp;onsumption</translation>
    </message>
    <message>
        <source>&amp;Meters and relays</source>
        <translation>&amp;Meters and relays</translation>
    </message>
    <message>
        <source>Re&amp;fund…</source>
        <translation>Re&amp;fund…</translation>
    </message>
    <message>
        <source>Close &amp;account…</source>
        <translation>Close &amp;account…</translation>
    </message>
    <message>
        <source>Co&amp;rrect selected…</source>
        <translation>Co&amp;rrect selected…</translation>
    </message>
    <message>
        <source>Refres&amp;h</source>
        <translation>Refres&amp;h</translation>
    </message>
    <message>
        <source>Close window</source>
        <translation>Close window</translation>
    </message>
    <message>
        <source>Filed as a request: a different manager approves it before anything moves.</source>
        <translation>Filed as a request: a different manager approves it before anything moves.</translation>
    </message>
    <message>
        <source>Only a cashier or a manager may file refunds, closings and corrections.</source>
        <translation>Only a cashier or a manager may file refunds, closings and corrections.</translation>
    </message>
    <message>
        <source>%1  %2  %3  — %4</source>
        <translation>%1  %2  %3  — %4</translation>
    </message>
    <message>
        <source>open</source>
        <translation>open</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>closed</translation>
    </message>
    <message>
        <source>The account is closed.</source>
        <translation>The account is closed.</translation>
    </message>
    <message>
        <source>none yet</source>
        <translation>none yet</translation>
    </message>
    <message>
        <source>trip (off)</source>
        <translation>trip (off)</translation>
    </message>
    <message>
        <source>close (on)</source>
        <translation>close (on)</translation>
    </message>
    <message numerus="yes">
        <source>Daily consumption, last %n day(s)</source>
        <translation>
            <numerusform>Daily consumption, last %n day</numerusform>
            <numerusform>Daily consumption, last %n days</numerusform>
        </translation>
    </message>
    <message>
        <source>Daily consumption comes from the account ledger report, which only managers and auditors may read.</source>
        <translation>Daily consumption comes from the account ledger report, which only managers and auditors may read.</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>Day</translation>
    </message>
    <message>
        <source>Consumption</source>
        <translation>Consumption</translation>
    </message>
    <message numerus="yes">
        <source>No daily readings for this account&apos;s meters in the last %n day(s).</source>
        <translation>
            <numerusform>No daily readings for this account&apos;s meters in the last day.</numerusform>
            <numerusform>No daily readings for this account&apos;s meters in the last %n days.</numerusform>
        </translation>
    </message>
    <message>
        <source>Per day and wallet, summed over the wallet&apos;s meters (daily rollups of their readings).</source>
        <translation>Per day and wallet, summed over the wallet&apos;s meters (daily rollups of their readings).</translation>
    </message>
    <message>
        <source>Account detail (F6)</source>
        <translation>Account detail (F6)</translation>
    </message>
    <message>
        <source>Select an account on the Accounts tab first.</source>
        <translation>Select an account on the Accounts tab first.</translation>
    </message>
    <message>
        <source>Approvals (F7)</source>
        <translation>Approvals (F7)</translation>
    </message>
    <message>
        <source>Pending refunds, closings and corrections</source>
        <translation>Pending refunds, closings and corrections</translation>
    </message>
    <message>
        <source>Only managers and auditors see the approval requests.</source>
        <translation>Only managers and auditors see the approval requests.</translation>
    </message>
    <message>
        <source>none</source>
        <translation>none</translation>
    </message>
    <message>
        <source>alarm 1</source>
        <translation>alarm 1</translation>
    </message>
    <message>
        <source>alarm 2</source>
        <translation>alarm 2</translation>
    </message>
    <message>
        <source>arrears</source>
        <translation>arrears</translation>
    </message>
    <message>
        <source>R&amp;eadings</source>
        <translation>R&amp;eadings</translation>
    </message>
    <message>
        <source>&amp;Pending requests</source>
        <translation>&amp;Pending requests</translation>
    </message>
    <message>
        <source>&amp;Pending requests (%1)</source>
        <translation>&amp;Pending requests (%1)</translation>
    </message>
    <message>
        <source>Select a meter that belongs to an account first.</source>
        <translation>Select a meter that belongs to an account first.</translation>
    </message>
</context>
<context>
    <name>md::app::AccountModel</name>
    <message>
        <source>Opened, normal</source>
        <translation>Opened, normal</translation>
    </message>
    <message>
        <source>Alarm 1</source>
        <translation>Alarm 1</translation>
    </message>
    <message>
        <source>Alarm 2</source>
        <translation>Alarm 2</translation>
    </message>
    <message>
        <source>Arrears</source>
        <translation>Arrears</translation>
    </message>
    <message>
        <source>Not opened</source>
        <translation>Not opened</translation>
    </message>
    <message>
        <source>Lost</source>
        <translation>Lost</translation>
    </message>
    <message>
        <source>Forced on</source>
        <translation>Forced on</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Account</translation>
    </message>
    <message>
        <source>Tenant</source>
        <translation>Tenant</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Electricity (yuan)</source>
        <translation>Electricity (yuan)</translation>
    </message>
    <message>
        <source>Water (yuan)</source>
        <translation>Water (yuan)</translation>
    </message>
    <message>
        <source>Heat (yuan)</source>
        <translation>Heat (yuan)</translation>
    </message>
</context>
<context>
    <name>md::app::AdminPane</name>
    <message>
        <source>Operators and roles</source>
        <translation>Operators and roles</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>Audit log</translation>
    </message>
    <message>
        <source>Bus diagnostics</source>
        <translation>Bus diagnostics</translation>
    </message>
</context>
<context>
    <name>md::app::AppRoot</name>
    <message>
        <source>Property management office</source>
        <translation>Property management office</translation>
    </message>
    <message>
        <source>Cannot read the receipt form %1: %2</source>
        <translation>Cannot read the receipt form %1: %2</translation>
    </message>
    <message>
        <source>Receipt form</source>
        <translation>Receipt form</translation>
    </message>
    <message>
        <source>%1
The plain layout is used.</source>
        <translation>%1
The plain layout is used.</translation>
    </message>
</context>
<context>
    <name>md::app::ApportionDialog</name>
    <message>
        <source>Public-area apportionment</source>
        <translation>Public-area apportionment</translation>
    </message>
    <message>
        <source>&amp;Group:</source>
        <translation>&amp;Group:</translation>
    </message>
    <message>
        <source>Period:</source>
        <translation>Period:</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Account</translation>
    </message>
    <message>
        <source>Tenant</source>
        <translation>Tenant</translation>
    </message>
    <message>
        <source>Area or share</source>
        <translation>Area or share</translation>
    </message>
    <message>
        <source>Amount (yuan)</source>
        <translation>Amount (yuan)</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>&amp;Preview</source>
        <translation>&amp;Preview</translation>
    </message>
    <message>
        <source>&amp;Submit for approval</source>
        <translation>&amp;Submit for approval</translation>
    </message>
    <message>
        <source>Preview the period first; a different manager approves the request.</source>
        <translation>Preview the period first; a different manager approves the request.</translation>
    </message>
    <message>
        <source>The group or period changed: preview again.</source>
        <translation>The group or period changed: preview again.</translation>
    </message>
    <message>
        <source>by area</source>
        <translation>by area</translation>
    </message>
    <message>
        <source>by share</source>
        <translation>by share</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>The period ends before it begins.</source>
        <translation>The period ends before it begins.</translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation>Computing…</translation>
    </message>
    <message>
        <source>closed: left out</source>
        <translation>closed: left out</translation>
    </message>
    <message>
        <source>Nothing is posted yet: submit it for a different manager&apos;s approval.</source>
        <translation>Nothing is posted yet: submit it for a different manager&apos;s approval.</translation>
    </message>
    <message>
        <source>Nothing to apportion: the meter used nothing that costs money in this period.</source>
        <translation>Nothing to apportion: the meter used nothing that costs money in this period.</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Sending…</translation>
    </message>
    <message>
        <source>Request %1 is PENDING APPROVAL: a different manager must approve it in the approvals view; %2 yuan will then be deducted from the accounts&apos; wallets.</source>
        <translation>Request %1 is PENDING APPROVAL: a different manager must approve it in the approvals view; %2 yuan will then be deducted from the accounts&apos; wallets.</translation>
    </message>
    <message>
        <source>Meter %1, %2 to %3: %4 %5, %6 yuan, split %7 over %8 accounts.</source>
        <translation>Meter %1, %2 to %3: %4 %5, %6 yuan, split %7 over %8 accounts.</translation>
    </message>
    <message>
        <source>by fixed shares</source>
        <translation>by fixed shares</translation>
    </message>
    <message>
        <source>no rented area: pays nothing</source>
        <translation>no rented area: pays nothing</translation>
    </message>
    <message>
        <source>share 0: pays nothing</source>
        <translation>share 0: pays nothing</translation>
    </message>
    <message>
        <source>Gr&amp;oups…</source>
        <translation>Gr&amp;oups…</translation>
    </message>
    <message>
        <source>There is no active apportionment group yet: create one with &quot;Groups…&quot;.</source>
        <translation>There is no active apportionment group yet: create one with &quot;Groups…&quot;.</translation>
    </message>
</context>
<context>
    <name>md::app::ApportionGroupEditor</name>
    <message>
        <source>New apportionment group</source>
        <translation>New apportionment group</translation>
    </message>
    <message>
        <source>Apportionment group %1</source>
        <translation>Apportionment group %1</translation>
    </message>
    <message>
        <source>e.g. Building 1 stairwell lights</source>
        <translation>e.g. Building 1 stairwell lights</translation>
    </message>
    <message>
        <source>nameplate of a meter of no account</source>
        <translation>nameplate of a meter of no account</translation>
    </message>
    <message>
        <source>A group keeps its meter; share another meter with a new group.</source>
        <translation>A group keeps its meter; share another meter with a new group.</translation>
    </message>
    <message>
        <source>By rented area (m²)</source>
        <translation>By rented area (m²)</translation>
    </message>
    <message>
        <source>By fixed shares (weights)</source>
        <translation>By fixed shares (weights)</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Account</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>Weight</translation>
    </message>
    <message>
        <source>&amp;Add account</source>
        <translation>&amp;Add account</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Remove</translation>
    </message>
    <message>
        <source>Active (offered for apportionment runs)</source>
        <translation>Active (offered for apportionment runs)</translation>
    </message>
    <message>
        <source>&amp;Create</source>
        <translation>&amp;Create</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Save</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>Common &amp;meter:</source>
        <translation>Common &amp;meter:</translation>
    </message>
    <message>
        <source>&amp;Tariff:</source>
        <translation>&amp;Tariff:</translation>
    </message>
    <message>
        <source>M&amp;ethod:</source>
        <translation>M&amp;ethod:</translation>
    </message>
    <message>
        <source>Members:</source>
        <translation>Members:</translation>
    </message>
    <message>
        <source>Remar&amp;ks:</source>
        <translation>Remar&amp;ks:</translation>
    </message>
    <message>
        <source>Each account pays its weight&apos;s part of the total (weight ÷ the sum of the weights).</source>
        <translation>Each account pays its weight&apos;s part of the total (weight ÷ the sum of the weights).</translation>
    </message>
    <message>
        <source>Each account pays in proportion to the area of the rooms it rents, read at each run.</source>
        <translation>Each account pays in proportion to the area of the rooms it rents, read at each run.</translation>
    </message>
    <message>
        <source>%1 — %2 (%3)</source>
        <translation>%1 — %2 (%3)</translation>
    </message>
    <message>
        <source>Enter the group&apos;s name.</source>
        <translation>Enter the group&apos;s name.</translation>
    </message>
    <message>
        <source>Enter the common meter&apos;s nameplate.</source>
        <translation>Enter the common meter&apos;s nameplate.</translation>
    </message>
    <message>
        <source>Choose the tariff that prices the common meter.</source>
        <translation>Choose the tariff that prices the common meter.</translation>
    </message>
    <message>
        <source>Member row %1: enter the account&apos;s code.</source>
        <translation>Member row %1: enter the account&apos;s code.</translation>
    </message>
    <message>
        <source>Account %1 is listed twice.</source>
        <translation>Account %1 is listed twice.</translation>
    </message>
    <message>
        <source>Account %1: by fixed shares, enter a whole number from 0 to %2 as its weight.</source>
        <translation>Account %1: by fixed shares, enter a whole number from 0 to %2 as its weight.</translation>
    </message>
</context>
<context>
    <name>md::app::ApportionGroupModel</name>
    <message>
        <source>by area</source>
        <translation>by area</translation>
    </message>
    <message>
        <source>by fixed shares</source>
        <translation>by fixed shares</translation>
    </message>
    <message>
        <source>meter %1</source>
        <translation>meter %1</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>yes</translation>
    </message>
    <message>
        <source>no</source>
        <translation>no</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>Group</translation>
    </message>
    <message>
        <source>Common meter</source>
        <translation>Common meter</translation>
    </message>
    <message>
        <source>Tariff</source>
        <translation>Tariff</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Method</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>Members</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Active</translation>
    </message>
    <message>
        <source>Remarks</source>
        <translation>Remarks</translation>
    </message>
</context>
<context>
    <name>md::app::ApportionGroupsDialog</name>
    <message>
        <source>Apportionment groups</source>
        <translation>Apportionment groups</translation>
    </message>
    <message>
        <source>&amp;New group…</source>
        <translation>&amp;New group…</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Edit…</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Refresh</translation>
    </message>
    <message>
        <source>No group yet: a group shares a common meter (one of no account) among accounts. Create one with &quot;New group…&quot;.</source>
        <translation>No group yet: a group shares a common meter (one of no account) among accounts. Create one with &quot;New group…&quot;.</translation>
    </message>
    <message>
        <source>No group yet.</source>
        <translation>No group yet.</translation>
    </message>
    <message numerus="yes">
        <source>%n group(s). Double-click one to edit it.</source>
        <translation>
            <numerusform>%n group. Double-click one to edit it.</numerusform>
            <numerusform>%n groups. Double-click one to edit it.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n group(s). Read only: a manager changes them.</source>
        <translation>
            <numerusform>%n group. Read only: a manager changes them.</numerusform>
            <numerusform>%n groups. Read only: a manager changes them.</numerusform>
        </translation>
    </message>
    <message>
        <source>Saved: %1.</source>
        <translation>Saved: %1.</translation>
    </message>
</context>
<context>
    <name>md::app::ApprovalModel</name>
    <message>
        <source>Request</source>
        <translation>Request</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Account</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>Requested by</source>
        <translation>Requested by</translation>
    </message>
    <message>
        <source>Requested at</source>
        <translation>Requested at</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>%1: meter %2, %3 to %4, %5 %6, %7 yuan over %8 accounts (run %9)</source>
        <translation>%1: meter %2, %3 to %4, %5 %6, %7 yuan over %8 accounts (run %9)</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>pending</translation>
    </message>
    <message>
        <source>approved</source>
        <translation>approved</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>rejected</translation>
    </message>
    <message>
        <source>%1 wallet</source>
        <translation>%1 wallet</translation>
    </message>
    <message>
        <source>paid out by %1</source>
        <translation>paid out by %1</translation>
    </message>
    <message>
        <source>memo: %1</source>
        <translation>memo: %1</translation>
    </message>
    <message>
        <source>reason: %1</source>
        <translation>reason: %1</translation>
    </message>
    <message>
        <source>reverses transaction %1</source>
        <translation>reverses transaction %1</translation>
    </message>
</context>
<context>
    <name>md::app::ApprovalsWindow</name>
    <message>
        <source>Approvals — pending requests</source>
        <translation>Approvals — pending requests</translation>
    </message>
    <message>
        <source>Note (a reason is required to reject)</source>
        <translation>Note (a reason is required to reject)</translation>
    </message>
    <message>
        <source>&amp;Note:</source>
        <translation>&amp;Note:</translation>
    </message>
    <message>
        <source>&amp;Approve</source>
        <translation>&amp;Approve</translation>
    </message>
    <message>
        <source>Re&amp;ject</source>
        <translation>Re&amp;ject</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Refresh</translation>
    </message>
    <message>
        <source>Only a manager may approve or reject requests.</source>
        <translation>Only a manager may approve or reject requests.</translation>
    </message>
    <message>
        <source>Your role may not see the approval requests.</source>
        <translation>Your role may not see the approval requests.</translation>
    </message>
    <message>
        <source>Approving request %1…</source>
        <translation>Approving request %1…</translation>
    </message>
    <message>
        <source>Rejecting request %1…</source>
        <translation>Rejecting request %1…</translation>
    </message>
    <message>
        <source>Request %1 approved: transaction %2, %3 yuan, balance %4 → %5.</source>
        <translation>Request %1 approved: transaction %2, %3 yuan, balance %4 → %5.</translation>
    </message>
    <message>
        <source>Request %1 rejected.</source>
        <translation>Request %1 rejected.</translation>
    </message>
    <message>
        <source>Request %1 approved: %2 deductions, %3 yuan in all.</source>
        <translation>Request %1 approved: %2 deductions, %3 yuan in all.</translation>
    </message>
</context>
<context>
    <name>md::app::AuditModel</name>
    <message>
        <source>Login</source>
        <translation>Login</translation>
    </message>
    <message>
        <source>Logout</source>
        <translation>Logout</translation>
    </message>
    <message>
        <source>Password changed</source>
        <translation>Password changed</translation>
    </message>
    <message>
        <source>Operator created</source>
        <translation>Operator created</translation>
    </message>
    <message>
        <source>Role changed</source>
        <translation>Role changed</translation>
    </message>
    <message>
        <source>Operator activated</source>
        <translation>Operator activated</translation>
    </message>
    <message>
        <source>Operator deactivated</source>
        <translation>Operator deactivated</translation>
    </message>
    <message>
        <source>Password reset</source>
        <translation>Password reset</translation>
    </message>
    <message>
        <source>Account opened</source>
        <translation>Account opened</translation>
    </message>
    <message>
        <source>Recharge</source>
        <translation>Recharge</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>Refund</translation>
    </message>
    <message>
        <source>Account closed</source>
        <translation>Account closed</translation>
    </message>
    <message>
        <source>Correction</source>
        <translation>Correction</translation>
    </message>
    <message>
        <source>Adjustment</source>
        <translation>Adjustment</translation>
    </message>
    <message>
        <source>Rooms linked</source>
        <translation>Rooms linked</translation>
    </message>
    <message>
        <source>Approval requested</source>
        <translation>Approval requested</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>Approved</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <source>Receipt reprinted</source>
        <translation>Receipt reprinted</translation>
    </message>
    <message>
        <source>Shift closed</source>
        <translation>Shift closed</translation>
    </message>
    <message>
        <source>Account settings</source>
        <translation>Account settings</translation>
    </message>
    <message>
        <source>Meter control</source>
        <translation>Meter control</translation>
    </message>
    <message>
        <source>Settings download</source>
        <translation>Settings download</translation>
    </message>
    <message>
        <source>Bus scan</source>
        <translation>Bus scan</translation>
    </message>
    <message>
        <source>Meter added</source>
        <translation>Meter added</translation>
    </message>
    <message>
        <source>Meter changed</source>
        <translation>Meter changed</translation>
    </message>
    <message>
        <source>Meter removed</source>
        <translation>Meter removed</translation>
    </message>
    <message>
        <source>Meters imported</source>
        <translation>Meters imported</translation>
    </message>
    <message>
        <source>Meter swapped</source>
        <translation>Meter swapped</translation>
    </message>
    <message>
        <source>(service)</source>
        <translation>(service)</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Operator</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Subject</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>Detail</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Result</translation>
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
        <translation>(any action)</translation>
    </message>
    <message>
        <source>(any operator)</source>
        <translation>(any operator)</translation>
    </message>
    <message>
        <source>login name or number</source>
        <translation>login name or number</translation>
    </message>
    <message>
        <source>From</source>
        <translation>From</translation>
    </message>
    <message>
        <source>until</source>
        <translation>until</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Search</translation>
    </message>
    <message>
        <source>Load more</source>
        <translation>Load more</translation>
    </message>
    <message>
        <source>Action:</source>
        <translation>Action:</translation>
    </message>
    <message>
        <source>Operator:</source>
        <translation>Operator:</translation>
    </message>
    <message>
        <source>Your role may verify the audit log&apos;s chain but not read its records.</source>
        <translation>Your role may verify the audit log&apos;s chain but not read its records.</translation>
    </message>
    <message>
        <source>Verify chain</source>
        <translation>Verify chain</translation>
    </message>
    <message>
        <source>Recompute every record&apos;s hash and check that none was changed, removed or inserted</source>
        <translation>Recompute every record&apos;s hash and check that none was changed, removed or inserted</translation>
    </message>
    <message>
        <source>No operator &quot;%1&quot;: choose one from the list or type their number.</source>
        <translation>No operator &quot;%1&quot;: choose one from the list or type their number.</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Loading…</translation>
    </message>
    <message numerus="yes">
        <source>%n record(s) shown; there are more.</source>
        <translation>
            <numerusform>%n record shown; there are more.</numerusform>
            <numerusform>%n records shown; there are more.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n record(s) shown.</source>
        <translation>
            <numerusform>%n record shown.</numerusform>
            <numerusform>%n records shown.</numerusform>
        </translation>
    </message>
    <message>
        <source>Verifying the audit log…</source>
        <translation>Verifying the audit log…</translation>
    </message>
    <message numerus="yes">
        <source>✔ The audit log is intact: all %n record(s) are in their chain.</source>
        <translation>
            <numerusform>✔ The audit log is intact: its %n record is in its chain.</numerusform>
            <numerusform>✔ The audit log is intact: all %n records are in their chain.</numerusform>
        </translation>
    </message>
    <message>
        <source>✘ The audit log was altered: record %1 is the first that does not fit its chain (%2).</source>
        <translation>✘ The audit log was altered: record %1 is the first that does not fit its chain (%2).</translation>
    </message>
</context>
<context>
    <name>md::app::BatchDialog</name>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Batch operations</source>
        <translation>Batch operations</translation>
    </message>
    <message numerus="yes">
        <source>%n meter(s) selected:</source>
        <translation>
            <numerusform>%n meter selected:</numerusform>
            <numerusform>%n meters selected:</numerusform>
        </translation>
    </message>
    <message>
        <source>Action:</source>
        <translation>Action:</translation>
    </message>
    <message>
        <source>Next…</source>
        <translation>Next…</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>Confirm and send</source>
        <translation>Confirm and send</translation>
    </message>
    <message>
        <source>%v of %m settled</source>
        <translation>%v of %m settled</translation>
    </message>
    <message>
        <source>Meter</source>
        <translation>Meter</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>Detail</translation>
    </message>
    <message>
        <source>A tenant&apos;s meter keeps the order until it is changed: the service sends it and confirms it by reading the relay back, and retries a meter that does not answer. A meter already as ordered may need no command; the Relay column of the grid shows what each meter reads back.</source>
        <translation>A tenant&apos;s meter keeps the order until it is changed: the service sends it and confirms it by reading the relay back, and retries a meter that does not answer. A meter already as ordered may need no command; the Relay column of the grid shows what each meter reads back.</translation>
    </message>
    <message>
        <source>Retry failed</source>
        <translation>Retry failed</translation>
    </message>
    <message>
        <source>, </source>
        <translation>, </translation>
    </message>
    <message numerus="yes">
        <source>%1 and %n more</source>
        <translation>
            <numerusform>%1 and %n more</numerusform>
            <numerusform>%1 and %n more</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 — %n meter(s): %2</source>
        <translation>
            <numerusform>%1 — %n meter: %2</numerusform>
            <numerusform>%1 — %n meters: %2</numerusform>
        </translation>
    </message>
    <message>
        <source>Batch operations — %1</source>
        <translation>Batch operations — %1</translation>
    </message>
    <message>
        <source>%1 confirmed, %2 waiting for the meters, %3 refused, %4 failed</source>
        <translation>%1 confirmed, %2 waiting for the meters, %3 refused, %4 failed</translation>
    </message>
</context>
<context>
    <name>md::app::BatchRun</name>
    <message>
        <source>Force on (keep supplied whatever the balance)</source>
        <translation>Force on (keep supplied whatever the balance)</translation>
    </message>
    <message>
        <source>Restore prepaid (the balance decides again)</source>
        <translation>Restore prepaid (the balance decides again)</translation>
    </message>
    <message>
        <source>Trip (cut the supply)</source>
        <translation>Trip (cut the supply)</translation>
    </message>
    <message>
        <source>Close (restore the supply)</source>
        <translation>Close (restore the supply)</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Sending…</translation>
    </message>
    <message>
        <source>Accepted, waiting for the meter</source>
        <translation>Accepted, waiting for the meter</translation>
    </message>
    <message>
        <source>Not confirmed yet, retrying</source>
        <translation>Not confirmed yet, retrying</translation>
    </message>
    <message>
        <source>Confirmed</source>
        <translation>Confirmed</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>Refused</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Failed</translation>
    </message>
    <message>
        <source>The service did not answer for this meter</source>
        <translation>The service did not answer for this meter</translation>
    </message>
    <message>
        <source>The meter did not confirm the command</source>
        <translation>The meter did not confirm the command</translation>
    </message>
</context>
<context>
    <name>md::app::BusDiagnosticsModel</name>
    <message>
        <source>Bus</source>
        <translation>Bus</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>Requests</translation>
    </message>
    <message>
        <source>Answers</source>
        <translation>Answers</translation>
    </message>
    <message>
        <source>Timeouts</source>
        <translation>Timeouts</translation>
    </message>
    <message>
        <source>Checksum errors</source>
        <translation>Checksum errors</translation>
    </message>
    <message>
        <source>Wrong address</source>
        <translation>Wrong address</translation>
    </message>
    <message>
        <source>Meter errors</source>
        <translation>Meter errors</translation>
    </message>
    <message>
        <source>Success rate</source>
        <translation>Success rate</translation>
    </message>
    <message>
        <source>Cycles</source>
        <translation>Cycles</translation>
    </message>
    <message>
        <source>Last cycle</source>
        <translation>Last cycle</translation>
    </message>
    <message>
        <source>Latency p50</source>
        <translation>Latency p50</translation>
    </message>
    <message>
        <source>Latency p95</source>
        <translation>Latency p95</translation>
    </message>
    <message>
        <source>Latency p99</source>
        <translation>Latency p99</translation>
    </message>
</context>
<context>
    <name>md::app::BusDiagnosticsView</name>
    <message>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Read selected meters now</source>
        <translation>Read selected meters now</translation>
    </message>
    <message>
        <source>Address scan</source>
        <translation>Address scan</translation>
    </message>
    <message>
        <source>Modbus unit ids</source>
        <translation>Modbus unit ids</translation>
    </message>
    <message>
        <source>DL/T 645 and CJ/T 188 broadcast</source>
        <translation>DL/T 645 and CJ/T 188 broadcast</translation>
    </message>
    <message>
        <source>Scan</source>
        <translation>Scan</translation>
    </message>
    <message>
        <source>Bus:</source>
        <translation>Bus:</translation>
    </message>
    <message>
        <source>Addresses:</source>
        <translation>Addresses:</translation>
    </message>
    <message>
        <source>Asking the service…</source>
        <translation>Asking the service…</translation>
    </message>
    <message>
        <source>Meters on no configured bus (not read): %1</source>
        <translation>Meters on no configured bus (not read): %1</translation>
    </message>
    <message numerus="yes">
        <source>%n bus(es), %1 meter(s); as of %2</source>
        <translation>
            <numerusform>%n bus, %1 meter(s); as of %2</numerusform>
            <numerusform>%n buses, %1 meter(s); as of %2</numerusform>
        </translation>
    </message>
    <message>
        <source>Scanning %1…</source>
        <translation>Scanning %1…</translation>
    </message>
    <message numerus="yes">
        <source>Scanning %1… found %n: %2</source>
        <translation>
            <numerusform>Scanning %1… found %n: %2</numerusform>
            <numerusform>Scanning %1… found %n: %2</numerusform>
        </translation>
    </message>
    <message>
        <source>Scan of %1 finished: no meter answered.</source>
        <translation>Scan of %1 finished: no meter answered.</translation>
    </message>
    <message numerus="yes">
        <source>Scan of %1 finished: %n meter(s) answered at %2.</source>
        <translation>
            <numerusform>Scan of %1 finished: %n meter answered at %2.</numerusform>
            <numerusform>Scan of %1 finished: %n meters answered at %2.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Read-now queued for %n meter(s); the figures refresh in a moment.</source>
        <translation>
            <numerusform>Read-now queued for %n meter; the figures refresh in a moment.</numerusform>
            <numerusform>Read-now queued for %n meters; the figures refresh in a moment.</numerusform>
        </translation>
    </message>
    <message>
        <source>Read now (召测): the selected meters are read ahead of the polling cycle</source>
        <translation>Read now (召测): the selected meters are read ahead of the polling cycle</translation>
    </message>
</context>
<context>
    <name>md::app::ChangePasswordDialog</name>
    <message>
        <source>Change your password</source>
        <translation>Change your password</translation>
    </message>
    <message>
        <source>You logged in with a one-time password. Choose your own (at least 8 characters).</source>
        <translation>You logged in with a one-time password. Choose your own (at least 8 characters).</translation>
    </message>
    <message>
        <source>&amp;New password:</source>
        <translation>&amp;New password:</translation>
    </message>
    <message>
        <source>&amp;Repeat:</source>
        <translation>&amp;Repeat:</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>The two passwords differ.</translation>
    </message>
</context>
<context>
    <name>md::app::LedgerModel</name>
    <message>
        <source>Opening</source>
        <translation>Opening</translation>
    </message>
    <message>
        <source>Recharge</source>
        <translation>Recharge</translation>
    </message>
    <message>
        <source>Deduction</source>
        <translation>Deduction</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>Refund</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>Transfer</translation>
    </message>
    <message>
        <source>Closing settlement</source>
        <translation>Closing settlement</translation>
    </message>
    <message>
        <source>Correction</source>
        <translation>Correction</translation>
    </message>
    <message>
        <source>Adjustment</source>
        <translation>Adjustment</translation>
    </message>
    <message>
        <source>Electricity</source>
        <translation>Electricity</translation>
    </message>
    <message>
        <source>Water</source>
        <translation>Water</translation>
    </message>
    <message>
        <source>Heat</source>
        <translation>Heat</translation>
    </message>
    <message>
        <source>This transaction has an explanation: select it to read it below.</source>
        <translation>This transaction has an explanation: select it to read it below.</translation>
    </message>
    <message>
        <source> (reverses #%1)</source>
        <translation> (reverses #%1)</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Wallet</source>
        <translation>Wallet</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>Balance before</source>
        <translation>Balance before</translation>
    </message>
    <message>
        <source>Balance after</source>
        <translation>Balance after</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>Receipt</translation>
    </message>
    <message>
        <source>Memo</source>
        <translation>Memo</translation>
    </message>
    <message>
        <source>Transaction %1 — %2, %3 wallet</source>
        <translation>Transaction %1 — %2, %3 wallet</translation>
    </message>
    <message>
        <source>Amount: %1 yuan; balance %2 → %3</source>
        <translation>Amount: %1 yuan; balance %2 → %3</translation>
    </message>
    <message>
        <source>Receipt: %1</source>
        <translation>Receipt: %1</translation>
    </message>
    <message>
        <source>Reverses transaction %1</source>
        <translation>Reverses transaction %1</translation>
    </message>
    <message>
        <source>Memo: %1</source>
        <translation>Memo: %1</translation>
    </message>
    <message>
        <source>Explanation (readings, tier or segment lines, prices):</source>
        <translation>Explanation (readings, tier or segment lines, prices):</translation>
    </message>
    <message>
        <source>No further explanation was recorded for this transaction.</source>
        <translation>No further explanation was recorded for this transaction.</translation>
    </message>
    <message>
        <source>Tariff change</source>
        <translation>Tariff change</translation>
    </message>
    <message>
        <source>Public-area apportionment</source>
        <translation>Public-area apportionment</translation>
    </message>
    <message>
        <source>Public-area apportionment (run %1, group %2): meter %3 used %4 %5 from %6 to %7, costing %8 yuan; this account&apos;s share is %9 of %10 (%11), %12 yuan.</source>
        <translation>Public-area apportionment (run %1, group %2): meter %3 used %4 %5 from %6 to %7, costing %8 yuan; this account&apos;s share is %9 of %10 (%11), %12 yuan.</translation>
    </message>
    <message>
        <source>room area in 0.01 m²</source>
        <translation>room area in 0.01 m²</translation>
    </message>
    <message>
        <source>fixed shares</source>
        <translation>fixed shares</translation>
    </message>
    <message>
        <source>the collection service</source>
        <translation>the collection service</translation>
    </message>
    <message>
        <source>operator #%1</source>
        <translation>operator #%1</translation>
    </message>
    <message>
        <source>At: %1; by %2</source>
        <translation>At: %1; by %2</translation>
    </message>
</context>
<context>
    <name>md::app::LoginDialog</name>
    <message>
        <source>MeterDesk — log in</source>
        <translation>MeterDesk — log in</translation>
    </message>
    <message>
        <source>&amp;Service:</source>
        <translation>&amp;Service:</translation>
    </message>
    <message>
        <source>&amp;Operator:</source>
        <translation>&amp;Operator:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Password:</translation>
    </message>
    <message>
        <source>&amp;Log in</source>
        <translation>&amp;Log in</translation>
    </message>
    <message>
        <source>Type the service address as HOST:PORT, e.g. 127.0.0.1:7420.</source>
        <translation>Type the service address as HOST:PORT, e.g. 127.0.0.1:7420.</translation>
    </message>
    <message>
        <source>Type your operator name.</source>
        <translation>Type your operator name.</translation>
    </message>
    <message>
        <source>The one-time password must be changed before you can work.</source>
        <translation>The one-time password must be changed before you can work.</translation>
    </message>
    <message>
        <source>Wrong operator name or password.</source>
        <translation>Wrong operator name or password.</translation>
    </message>
    <message>
        <source>This operator is locked after too many failed logins. Wait, or ask an administrator to reset the password.</source>
        <translation>This operator is locked after too many failed logins. Wait, or ask an administrator to reset the password.</translation>
    </message>
    <message>
        <source>This operator is deactivated. Ask an administrator.</source>
        <translation>This operator is deactivated. Ask an administrator.</translation>
    </message>
</context>
<context>
    <name>md::app::MainWindow</name>
    <message>
        <source>MeterDesk front desk</source>
        <translation>MeterDesk front desk</translation>
    </message>
    <message>
        <source>Search account number, tenant or phone (Ctrl+F); Enter looks up an account number</source>
        <translation>Search account number, tenant or phone (Ctrl+F); Enter looks up an account number</translation>
    </message>
    <message>
        <source>Desk</source>
        <translation>Desk</translation>
    </message>
    <message>
        <source>Recharge (F2)</source>
        <translation>Recharge (F2)</translation>
    </message>
    <message>
        <source>Open account (F3)</source>
        <translation>Open account (F3)</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>Receipt</translation>
    </message>
    <message>
        <source>Reprint receipt… (F4)</source>
        <translation>Reprint receipt… (F4)</translation>
    </message>
    <message>
        <source>Reprint receipt</source>
        <translation>Reprint receipt</translation>
    </message>
    <message>
        <source>Print preview… (Ctrl+P)</source>
        <translation>Print preview… (Ctrl+P)</translation>
    </message>
    <message>
        <source>Print preview</source>
        <translation>Print preview</translation>
    </message>
    <message>
        <source>Save receipt as PDF… (Ctrl+S)</source>
        <translation>Save receipt as PDF… (Ctrl+S)</translation>
    </message>
    <message>
        <source>Save receipt as PDF</source>
        <translation>Save receipt as PDF</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <source>Reconnect</source>
        <translation>Reconnect</translation>
    </message>
    <message>
        <source>%1 @ %2:%3 — %4</source>
        <translation>%1 @ %2:%3 — %4</translation>
    </message>
    <message>
        <source>Receipt number:</source>
        <translation>Receipt number:</translation>
    </message>
    <message>
        <source>Accounts</source>
        <translation>Accounts</translation>
    </message>
    <message>
        <source>Meters</source>
        <translation>Meters</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>Reports</translation>
    </message>
    <message>
        <source>Administration</source>
        <translation>Administration</translation>
    </message>
</context>
<context>
    <name>md::app::MakerRequestDialog</name>
    <message>
        <source>Account:</source>
        <translation>Account:</translation>
    </message>
    <message>
        <source>Refund (request for approval)</source>
        <translation>Refund (request for approval)</translation>
    </message>
    <message>
        <source>Yuan, e.g. 20.50</source>
        <translation>Yuan, e.g. 20.50</translation>
    </message>
    <message>
        <source>&amp;Amount:</source>
        <translation>&amp;Amount:</translation>
    </message>
    <message>
        <source>&amp;Wallet:</source>
        <translation>&amp;Wallet:</translation>
    </message>
    <message>
        <source>Close account with settlement</source>
        <translation>Close account with settlement</translation>
    </message>
    <message>
        <source>The wallets are settled: a positive total is paid out after a second manager approves; arrears are collected at once and the account closes.</source>
        <translation>The wallets are settled: a positive total is paid out after a second manager approves; arrears are collected at once and the account closes.</translation>
    </message>
    <message>
        <source>Correction (request for approval)</source>
        <translation>Correction (request for approval)</translation>
    </message>
    <message>
        <source>&amp;Transaction to reverse:</source>
        <translation>&amp;Transaction to reverse:</translation>
    </message>
    <message>
        <source>&amp;Channel:</source>
        <translation>&amp;Channel:</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>&amp;Reason:</translation>
    </message>
    <message>
        <source>&amp;Memo:</source>
        <translation>&amp;Memo:</translation>
    </message>
    <message>
        <source>&amp;Close account</source>
        <translation>&amp;Close account</translation>
    </message>
    <message>
        <source>&amp;Submit for approval</source>
        <translation>&amp;Submit for approval</translation>
    </message>
    <message>
        <source>Only a cashier or a manager may file this request.</source>
        <translation>Only a cashier or a manager may file this request.</translation>
    </message>
    <message>
        <source>Enter the number of the transaction to reverse.</source>
        <translation>Enter the number of the transaction to reverse.</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Sending…</translation>
    </message>
    <message>
        <source>Request %1 is PENDING APPROVAL: a different manager must approve it in the approvals view. Nothing has been paid or posted yet.</source>
        <translation>Request %1 is PENDING APPROVAL: a different manager must approve it in the approvals view. Nothing has been paid or posted yet.</translation>
    </message>
    <message>
        <source>Done: the account is closed (transaction %1, %2 yuan).</source>
        <translation>Done: the account is closed (transaction %1, %2 yuan).</translation>
    </message>
</context>
<context>
    <name>md::app::MeterDiagnosticsModel</name>
    <message>
        <source>Lost</source>
        <translation>Lost</translation>
    </message>
    <message>
        <source>never</source>
        <translation>never</translation>
    </message>
    <message>
        <source>Bus</source>
        <translation>Bus</translation>
    </message>
    <message>
        <source>Meter no.</source>
        <translation>Meter no.</translation>
    </message>
    <message>
        <source>Nameplate</source>
        <translation>Nameplate</translation>
    </message>
    <message>
        <source>Success rate</source>
        <translation>Success rate</translation>
    </message>
    <message>
        <source>Reads</source>
        <translation>Reads</translation>
    </message>
    <message>
        <source>Timeouts</source>
        <translation>Timeouts</translation>
    </message>
    <message>
        <source>Checksum errors</source>
        <translation>Checksum errors</translation>
    </message>
    <message>
        <source>Missed cycles</source>
        <translation>Missed cycles</translation>
    </message>
    <message>
        <source>Adaptive timeout</source>
        <translation>Adaptive timeout</translation>
    </message>
    <message>
        <source>Latency p95</source>
        <translation>Latency p95</translation>
    </message>
    <message>
        <source>Last good reading</source>
        <translation>Last good reading</translation>
    </message>
</context>
<context>
    <name>md::app::MeterModel</name>
    <message>
        <source>%1, account %2, phone %3</source>
        <translation>%1, account %2, phone %3</translation>
    </message>
    <message>
        <source>Room</source>
        <translation>Room</translation>
    </message>
    <message>
        <source>Tenant</source>
        <translation>Tenant</translation>
    </message>
    <message>
        <source>Meter number</source>
        <translation>Meter number</translation>
    </message>
    <message>
        <source>Utility</source>
        <translation>Utility</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Balance (yuan)</source>
        <translation>Balance (yuan)</translation>
    </message>
    <message>
        <source>Last reading</source>
        <translation>Last reading</translation>
    </message>
    <message>
        <source>Reading time</source>
        <translation>Reading time</translation>
    </message>
    <message>
        <source>Relay</source>
        <translation>Relay</translation>
    </message>
</context>
<context>
    <name>md::app::MeterPane</name>
    <message>
        <source>All meters</source>
        <translation>All meters</translation>
    </message>
    <message>
        <source>Search room, tenant, phone or meter number</source>
        <translation>Search room, tenant, phone or meter number</translation>
    </message>
    <message>
        <source>Batch operations…</source>
        <translation>Batch operations…</translation>
    </message>
    <message>
        <source>Export to Excel…</source>
        <translation>Export to Excel…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Exported to %1 (%2 ms)</source>
        <translation>Exported to %1 (%2 ms)</translation>
    </message>
    <message>
        <source>Force on, restore prepaid, trip or close the selected meters</source>
        <translation>Force on, restore prepaid, trip or close the selected meters</translation>
    </message>
    <message>
        <source>Only a manager may switch meters remotely</source>
        <translation>Only a manager may switch meters remotely</translation>
    </message>
    <message>
        <source>%1 of %2 meters shown, %3 selected</source>
        <translation>%1 of %2 meters shown, %3 selected</translation>
    </message>
    <message>
        <source>Select the meters first (Ctrl or Shift and click for several)</source>
        <translation>Select the meters first (Ctrl or Shift and click for several)</translation>
    </message>
    <message>
        <source>meters-%1.xlsx</source>
        <translation>meters-%1.xlsx</translation>
    </message>
    <message>
        <source>Export meters to Excel</source>
        <translation>Export meters to Excel</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel workbooks (*.xlsx)</translation>
    </message>
    <message>
        <source>Swap meter…</source>
        <translation>Swap meter…</translation>
    </message>
    <message>
        <source>Replace the current meter: its final reading is billed, the new meter joins its account</source>
        <translation>Replace the current meter: its final reading is billed, the new meter joins its account</translation>
    </message>
    <message>
        <source>Only an engineer or a manager may swap meters</source>
        <translation>Only an engineer or a manager may swap meters</translation>
    </message>
    <message>
        <source>Select the meter to swap first</source>
        <translation>Select the meter to swap first</translation>
    </message>
    <message>
        <source>Meter %1 swapped for %2</source>
        <translation>Meter %1 swapped for %2</translation>
    </message>
</context>
<context>
    <name>md::app::MeterRow</name>
    <message>
        <source>Electricity</source>
        <translation>Electricity</translation>
    </message>
    <message>
        <source>Water</source>
        <translation>Water</translation>
    </message>
    <message>
        <source>Heat</source>
        <translation>Heat</translation>
    </message>
    <message>
        <source>On</source>
        <translation>On</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>Off</translation>
    </message>
    <message>
        <source>Forced on</source>
        <translation>Forced on</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Unknown</translation>
    </message>
    <message>
        <source>%1 (ordered %2)</source>
        <translation>%1 (ordered %2)</translation>
    </message>
</context>
<context>
    <name>md::app::MeterSwapDialog</name>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Sharp (尖)</source>
        <translation>Sharp (尖)</translation>
    </message>
    <message>
        <source>Peak (峰)</source>
        <translation>Peak (峰)</translation>
    </message>
    <message>
        <source>Flat (平)</source>
        <translation>Flat (平)</translation>
    </message>
    <message>
        <source>Valley (谷)</source>
        <translation>Valley (谷)</translation>
    </message>
    <message>
        <source>Required.</source>
        <translation>Required.</translation>
    </message>
    <message>
        <source>A register is never negative.</source>
        <translation>A register is never negative.</translation>
    </message>
    <message>
        <source>Not a number: digits with a decimal point, e.g. 1234.56.</source>
        <translation>Not a number: digits with a decimal point, e.g. 1234.56.</translation>
    </message>
    <message>
        <source>At most three decimals (the meter&apos;s register in thousandths).</source>
        <translation>At most three decimals (the meter&apos;s register in thousandths).</translation>
    </message>
    <message>
        <source>A decimal point needs digits after it, e.g. 1234.5.</source>
        <translation>A decimal point needs digits after it, e.g. 1234.5.</translation>
    </message>
    <message>
        <source>Swap meter (换表)</source>
        <translation>Swap meter (换表)</translation>
    </message>
    <message>
        <source>Loading the meter…</source>
        <translation>Loading the meter…</translation>
    </message>
    <message>
        <source>Final reading of the old meter</source>
        <translation>Final reading of the old meter</translation>
    </message>
    <message>
        <source>as on its display, e.g. 1234.56</source>
        <translation>as on its display, e.g. 1234.56</translation>
    </message>
    <message>
        <source>New meter</source>
        <translation>New meter</translation>
    </message>
    <message>
        <source>&amp;Nameplate (表号):</source>
        <translation>&amp;Nameplate (表号):</translation>
    </message>
    <message>
        <source>the number on the new meter</source>
        <translation>the number on the new meter</translation>
    </message>
    <message>
        <source>&amp;Bus:</source>
        <translation>&amp;Bus:</translation>
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
        <translation>CJ/T 188 (water, heat)</translation>
    </message>
    <message>
        <source>&amp;Protocol:</source>
        <translation>&amp;Protocol:</translation>
    </message>
    <message>
        <source>Register &amp;map:</source>
        <translation>Register &amp;map:</translation>
    </message>
    <message>
        <source>&amp;Address:</source>
        <translation>&amp;Address:</translation>
    </message>
    <message>
        <source>Utility:</source>
        <translation>Utility:</translation>
    </message>
    <message>
        <source>Initial reading of the new meter</source>
        <translation>Initial reading of the new meter</translation>
    </message>
    <message>
        <source>as on its display, e.g. 0.02</source>
        <translation>as on its display, e.g. 0.02</translation>
    </message>
    <message>
        <source>&amp;Time of the swap:</source>
        <translation>&amp;Time of the swap:</translation>
    </message>
    <message>
        <source>e.g. display broken, meter burnt, upgrade</source>
        <translation>e.g. display broken, meter burnt, upgrade</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>&amp;Reason:</translation>
    </message>
    <message>
        <source>&amp;Swap meter</source>
        <translation>&amp;Swap meter</translation>
    </message>
    <message>
        <source>Old meter %1 (%2) on %3, address %4</source>
        <translation>Old meter %1 (%2) on %3, address %4</translation>
    </message>
    <message>
        <source>In no room.</source>
        <translation>In no room.</translation>
    </message>
    <message>
        <source>Room %1.</source>
        <translation>Room %1.</translation>
    </message>
    <message>
        <source>No account: the final reading is stored, nothing is billed.</source>
        <translation>No account: the final reading is stored, nothing is billed.</translation>
    </message>
    <message>
        <source>Account %1 %2: the final reading is billed to it and the new meter joins it.</source>
        <translation>Account %1 %2: the final reading is billed to it and the new meter joins it.</translation>
    </message>
    <message>
        <source>Never read.</source>
        <translation>Never read.</translation>
    </message>
    <message>
        <source>Last reading %1 %2 at %3.</source>
        <translation>Last reading %1 %2 at %3.</translation>
    </message>
    <message>
        <source>%1 (the old meter&apos;s)</source>
        <translation>%1 (the old meter&apos;s)</translation>
    </message>
    <message>
        <source>This meter was removed: there is nothing to swap.</source>
        <translation>This meter was removed: there is nothing to swap.</translation>
    </message>
    <message>
        <source>Final reading of the old meter (%1)</source>
        <translation>Final reading of the old meter (%1)</translation>
    </message>
    <message>
        <source>Initial reading of the new meter (%1)</source>
        <translation>Initial reading of the new meter (%1)</translation>
    </message>
    <message>
        <source>Below the meter&apos;s last reading, %1 %2 at %3: read the display again.</source>
        <translation>Below the meter&apos;s last reading, %1 %2 at %3: read the display again.</translation>
    </message>
    <message>
        <source>That is the old meter&apos;s number: type the new meter&apos;s.</source>
        <translation>That is the old meter&apos;s number: type the new meter&apos;s.</translation>
    </message>
    <message>
        <source>Digits only.</source>
        <translation>Digits only.</translation>
    </message>
    <message>
        <source>A Modbus address is 1 to 247.</source>
        <translation>A Modbus address is 1 to 247.</translation>
    </message>
    <message>
        <source>A DL/T 645 address is the 12 digits on the nameplate (%1 typed).</source>
        <translation>A DL/T 645 address is the 12 digits on the nameplate (%1 typed).</translation>
    </message>
    <message>
        <source>A CJ/T 188 address is the 14 digits on the nameplate (%1 typed).</source>
        <translation>A CJ/T 188 address is the 14 digits on the nameplate (%1 typed).</translation>
    </message>
    <message>
        <source>The swap cannot be in the future.</source>
        <translation>The swap cannot be in the future.</translation>
    </message>
    <message>
        <source>Must be after the meter&apos;s last reading (%1).</source>
        <translation>Must be after the meter&apos;s last reading (%1).</translation>
    </message>
    <message>
        <source>Correct the fields marked in red.</source>
        <translation>Correct the fields marked in red.</translation>
    </message>
    <message>
        <source>Swapping…</source>
        <translation>Swapping…</translation>
    </message>
    <message>
        <source>The final reading was billed: %1 yuan deducted (transaction %2), balance now %3 yuan.</source>
        <translation>The final reading was billed: %1 yuan deducted (transaction %2), balance now %3 yuan.</translation>
    </message>
    <message>
        <source>The final reading was the old meter&apos;s first: it is stored, nothing was billed.</source>
        <translation>The final reading was the old meter&apos;s first: it is stored, nothing was billed.</translation>
    </message>
    <message>
        <source>The account has no collection settings (tariff): the final reading is stored, nothing was billed.</source>
        <translation>The account has no collection settings (tariff): the final reading is stored, nothing was billed.</translation>
    </message>
    <message>
        <source>The meter belongs to no account: the final reading is stored, nothing was billed.</source>
        <translation>The meter belongs to no account: the final reading is stored, nothing was billed.</translation>
    </message>
    <message>
        <source>Final reading: %1, %2 yuan.</source>
        <translation>Final reading: %1, %2 yuan.</translation>
    </message>
    <message>
        <source>Done. Meter %1 is removed; meter %2 is installed</source>
        <translation>Done. Meter %1 is removed; meter %2 is installed</translation>
    </message>
    <message>
        <source> on account %1</source>
        <translation> on account %1</translation>
    </message>
    <message>
        <source>The tariff position (ladder tier, year to date) continues on the new meter.</source>
        <translation>The tariff position (ladder tier, year to date) continues on the new meter.</translation>
    </message>
    <message>
        <source>Note: %1</source>
        <translation>Note: %1</translation>
    </message>
    <message>
        <source>Another meter has this nameplate or this bus address (the service&apos;s answer is below).</source>
        <translation>Another meter has this nameplate or this bus address (the service&apos;s answer is below).</translation>
    </message>
    <message>
        <source>The meter was already removed (perhaps swapped from another desk): nothing was changed.
%1</source>
        <translation>The meter was already removed (perhaps swapped from another desk): nothing was changed.
%1</translation>
    </message>
    <message>
        <source>The service refused the swap; nothing was changed:
%1</source>
        <translation>The service refused the swap; nothing was changed:
%1</translation>
    </message>
</context>
<context>
    <name>md::app::MeterXlsxExport</name>
    <message>
        <source>Room</source>
        <translation>Room</translation>
    </message>
    <message>
        <source>Tenant</source>
        <translation>Tenant</translation>
    </message>
    <message>
        <source>Meter number</source>
        <translation>Meter number</translation>
    </message>
    <message>
        <source>Utility</source>
        <translation>Utility</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Balance (yuan)</source>
        <translation>Balance (yuan)</translation>
    </message>
    <message>
        <source>Last reading</source>
        <translation>Last reading</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>Reading time</source>
        <translation>Reading time</translation>
    </message>
    <message>
        <source>Relay</source>
        <translation>Relay</translation>
    </message>
    <message>
        <source>Cannot create %1</source>
        <translation>Cannot create %1</translation>
    </message>
    <message>
        <source>Meters</source>
        <translation>Meters</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>Cannot write %1: %2</translation>
    </message>
</context>
<context>
    <name>md::app::OpenAccountDialog</name>
    <message>
        <source>Open an account</source>
        <translation>Open an account</translation>
    </message>
    <message>
        <source>e.g. 3-1202 (building-room)</source>
        <translation>e.g. 3-1202 (building-room)</translation>
    </message>
    <message>
        <source>Optional first recharge, yuan</source>
        <translation>Optional first recharge, yuan</translation>
    </message>
    <message>
        <source>&amp;Account number:</source>
        <translation>&amp;Account number:</translation>
    </message>
    <message>
        <source>&amp;Tenant:</source>
        <translation>&amp;Tenant:</translation>
    </message>
    <message>
        <source>&amp;Phone:</source>
        <translation>&amp;Phone:</translation>
    </message>
    <message>
        <source>First &amp;recharge:</source>
        <translation>First &amp;recharge:</translation>
    </message>
    <message>
        <source>&amp;Channel:</source>
        <translation>&amp;Channel:</translation>
    </message>
    <message>
        <source>Open account</source>
        <translation>Open account</translation>
    </message>
    <message>
        <source>The account number and the tenant are needed.</source>
        <translation>The account number and the tenant are needed.</translation>
    </message>
    <message>
        <source>Type the first recharge in yuan, more than zero, at most two decimals (or leave it empty).</source>
        <translation>Type the first recharge in yuan, more than zero, at most two decimals (or leave it empty).</translation>
    </message>
    <message>
        <source>Opening…</source>
        <translation>Opening…</translation>
    </message>
    <message>
        <source>Recharging…</source>
        <translation>Recharging…</translation>
    </message>
</context>
<context>
    <name>md::app::OperatorAdmin</name>
    <message>
        <source>New operator…</source>
        <translation>New operator…</translation>
    </message>
    <message>
        <source>Role:</source>
        <translation>Role:</translation>
    </message>
    <message>
        <source>Change role</source>
        <translation>Change role</translation>
    </message>
    <message>
        <source>Deactivate</source>
        <translation>Deactivate</translation>
    </message>
    <message>
        <source>Reset password…</source>
        <translation>Reset password…</translation>
    </message>
    <message>
        <source>Read only: only an administrator changes operators.</source>
        <translation>Read only: only an administrator changes operators.</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Activate</source>
        <translation>Activate</translation>
    </message>
    <message>
        <source>Operator %1 created.</source>
        <translation>Operator %1 created.</translation>
    </message>
    <message>
        <source>%1 is now %2.</source>
        <translation>%1 is now %2.</translation>
    </message>
    <message>
        <source>%1 is active again.</source>
        <translation>%1 is active again.</translation>
    </message>
    <message>
        <source>Deactivate operator</source>
        <translation>Deactivate operator</translation>
    </message>
    <message>
        <source>Deactivate %1? They can no longer log in, and their open sessions end.</source>
        <translation>Deactivate %1? They can no longer log in, and their open sessions end.</translation>
    </message>
    <message>
        <source>%1 is deactivated.</source>
        <translation>%1 is deactivated.</translation>
    </message>
    <message>
        <source>Reset password</source>
        <translation>Reset password</translation>
    </message>
    <message>
        <source>Give %1 a new temporary password? The old one stops working.</source>
        <translation>Give %1 a new temporary password? The old one stops working.</translation>
    </message>
    <message>
        <source>New temporary password for %1.</source>
        <translation>New temporary password for %1.</translation>
    </message>
    <message>
        <source>A new temporary password, shown once; also lifts a lockout</source>
        <translation>A new temporary password, shown once; also lifts a lockout</translation>
    </message>
</context>
<context>
    <name>md::app::OperatorCreateDialog</name>
    <message>
        <source>New operator</source>
        <translation>New operator</translation>
    </message>
    <message>
        <source>letters, digits, . _ -</source>
        <translation>letters, digits, . _ -</translation>
    </message>
    <message>
        <source>as printed on receipts (default: the login name)</source>
        <translation>as printed on receipts (default: the login name)</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>Create</translation>
    </message>
    <message>
        <source>Login name:</source>
        <translation>Login name:</translation>
    </message>
    <message>
        <source>Display name:</source>
        <translation>Display name:</translation>
    </message>
    <message>
        <source>Role:</source>
        <translation>Role:</translation>
    </message>
    <message>
        <source>Enter a login name.</source>
        <translation>Enter a login name.</translation>
    </message>
</context>
<context>
    <name>md::app::OperatorModel</name>
    <message>
        <source>Yes</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>No</source>
        <translation>No</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Active</translation>
    </message>
    <message>
        <source>Deactivated</source>
        <translation>Deactivated</translation>
    </message>
    <message>
        <source>Login name</source>
        <translation>Login name</translation>
    </message>
    <message>
        <source>Display name</source>
        <translation>Display name</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Locked out</source>
        <translation>Locked out</translation>
    </message>
    <message>
        <source>Must change password</source>
        <translation>Must change password</translation>
    </message>
    <message>
        <source>Locked after too many wrong passwords; a password reset lifts the lockout.</source>
        <translation>Locked after too many wrong passwords; a password reset lifts the lockout.</translation>
    </message>
</context>
<context>
    <name>md::app::PendingRequestsView</name>
    <message>
        <source>Only managers and auditors see the requests waiting for approval; a manager decides them in the approvals view (F7).</source>
        <translation>Only managers and auditors see the requests waiting for approval; a manager decides them in the approvals view (F7).</translation>
    </message>
    <message>
        <source>No request of this account is waiting for approval.</source>
        <translation>No request of this account is waiting for approval.</translation>
    </message>
    <message numerus="yes">
        <source>%n request(s) of this account wait for a second manager&apos;s approval; nothing of them has moved yet.</source>
        <translation>
            <numerusform>%n request of this account waits for a second manager&apos;s approval; nothing of it has moved yet.</numerusform>
            <numerusform>%n requests of this account wait for a second manager&apos;s approval; nothing of them has moved yet.</numerusform>
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
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Property</source>
        <translation>Property</translation>
    </message>
    <message>
        <source>Meters</source>
        <translation>Meters</translation>
    </message>
</context>
<context>
    <name>md::app::ReadingHistoryView</name>
    <message>
        <source>Show</source>
        <translation>Show</translation>
    </message>
    <message>
        <source>Meter:</source>
        <translation>Meter:</translation>
    </message>
    <message>
        <source>From:</source>
        <translation>From:</translation>
    </message>
    <message>
        <source>to:</source>
        <translation>to:</translation>
    </message>
    <message>
        <source>This account has no meter.</source>
        <translation>This account has no meter.</translation>
    </message>
    <message>
        <source>The first day is after the last.</source>
        <translation>The first day is after the last.</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>Total register, %1</source>
        <translation>Total register, %1</translation>
    </message>
    <message>
        <source>No reading of this meter from %1 to %2.</source>
        <translation>No reading of this meter from %1 to %2.</translation>
    </message>
    <message numerus="yes">
        <source>%n reading(s), oldest first</source>
        <translation>
            <numerusform>%n reading</numerusform>
            <numerusform>%n readings, oldest first</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>; %n refused (in red, not drawn)</source>
        <translation>
            <numerusform>; %n refused (in red, not drawn)</numerusform>
            <numerusform>; %n refused (in red, not drawn)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>md::app::ReadingModel</name>
    <message>
        <source>first reading</source>
        <translation>first reading</translation>
    </message>
    <message>
        <source>billed</source>
        <translation>billed</translation>
    </message>
    <message>
        <source>refused</source>
        <translation>refused</translation>
    </message>
    <message>
        <source>counter reset</source>
        <translation>counter reset</translation>
    </message>
    <message>
        <source>no account</source>
        <translation>no account</translation>
    </message>
    <message>
        <source>not billed</source>
        <translation>not billed</translation>
    </message>
    <message>
        <source>battery low</source>
        <translation>battery low</translation>
    </message>
    <message>
        <source>transaction %1</source>
        <translation>transaction %1</translation>
    </message>
    <message>
        <source>Read at</source>
        <translation>Read at</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Total (%1)</source>
        <translation>Total (%1)</translation>
    </message>
    <message>
        <source>Sharp</source>
        <translation>Sharp</translation>
    </message>
    <message>
        <source>Peak</source>
        <translation>Peak</translation>
    </message>
    <message>
        <source>Flat</source>
        <translation>Flat</translation>
    </message>
    <message>
        <source>Valley</source>
        <translation>Valley</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Why refused</source>
        <translation>Why refused</translation>
    </message>
</context>
<context>
    <name>md::app::ReceiptActions</name>
    <message>
        <source>Receipt %1 reprinted as %2 (%3).</source>
        <translation>Receipt %1 reprinted as %2 (%3).</translation>
    </message>
    <message>
        <source>Receipt %1 saved as %2.</source>
        <translation>Receipt %1 saved as %2.</translation>
    </message>
</context>
<context>
    <name>md::app::ReceiptPrinter</name>
    <message>
        <source>Receipt form</source>
        <translation>Receipt form</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>Receipt</translation>
    </message>
    <message>
        <source>The printer %1 cannot be opened.</source>
        <translation>The printer %1 cannot be opened.</translation>
    </message>
    <message>
        <source>The file %1 cannot be written.</source>
        <translation>The file %1 cannot be written.</translation>
    </message>
</context>
<context>
    <name>md::app::RechargeDialog</name>
    <message>
        <source>Recharge</source>
        <translation>Recharge</translation>
    </message>
    <message>
        <source>Account number, then Enter</source>
        <translation>Account number, then Enter</translation>
    </message>
    <message>
        <source>Yuan, e.g. 100 or 88.50</source>
        <translation>Yuan, e.g. 100 or 88.50</translation>
    </message>
    <message>
        <source>&amp;Account:</source>
        <translation>&amp;Account:</translation>
    </message>
    <message>
        <source>Tenant:</source>
        <translation>Tenant:</translation>
    </message>
    <message>
        <source>A&amp;mount:</source>
        <translation>A&amp;mount:</translation>
    </message>
    <message>
        <source>&amp;Channel:</source>
        <translation>&amp;Channel:</translation>
    </message>
    <message>
        <source>Confirm and print (Enter)</source>
        <translation>Confirm and print (Enter)</translation>
    </message>
    <message>
        <source>Looking up %1…</source>
        <translation>Looking up %1…</translation>
    </message>
    <message>
        <source>%1 — balance ¥%2</source>
        <translation>%1 — balance ¥%2</translation>
    </message>
    <message>
        <source>The account %1 is closed.</source>
        <translation>The account %1 is closed.</translation>
    </message>
    <message>
        <source>Type the amount in yuan, more than zero, at most two decimals.</source>
        <translation>Type the amount in yuan, more than zero, at most two decimals.</translation>
    </message>
    <message>
        <source>%1 %2: ¥%3 by %4
Balance ¥%5  →  ¥%6</source>
        <translation>%1 %2: ¥%3 by %4
Balance ¥%5  →  ¥%6</translation>
    </message>
    <message>
        <source>Enter to confirm, Esc to cancel.</source>
        <translation>Enter to confirm, Esc to cancel.</translation>
    </message>
    <message>
        <source>Posting…</source>
        <translation>Posting…</translation>
    </message>
    <message>
        <source>Recharged: balance ¥%1.</source>
        <translation>Recharged: balance ¥%1.</translation>
    </message>
    <message>
        <source>%1 Receipt %2 printed (%3).</source>
        <translation>%1 Receipt %2 printed (%3).</translation>
    </message>
</context>
<context>
    <name>md::app::ReportData</name>
    <message>
        <source>The report has a column of an unknown type &quot;%1&quot;.</source>
        <translation>The report has a column of an unknown type &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>The report has no columns.</source>
        <translation>The report has no columns.</translation>
    </message>
    <message>
        <source>The report&apos;s value &quot;%1&quot; in column &quot;%2&quot; cannot be read.</source>
        <translation>The report&apos;s value &quot;%1&quot; in column &quot;%2&quot; cannot be read.</translation>
    </message>
</context>
<context>
    <name>md::app::ReportPrinter</name>
    <message>
        <source>Page %1 of %2</source>
        <translation>Page %1 of %2</translation>
    </message>
    <message>
        <source>Period: %1</source>
        <translation>Period: %1</translation>
    </message>
    <message>
        <source>Generated: %1</source>
        <translation>Generated: %1</translation>
    </message>
    <message>
        <source>Operator: %1</source>
        <translation>Operator: %1</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>Report</translation>
    </message>
    <message>
        <source>The file %1 cannot be written.</source>
        <translation>The file %1 cannot be written.</translation>
    </message>
    <message>
        <source>The printer %1 cannot be opened.</source>
        <translation>The printer %1 cannot be opened.</translation>
    </message>
</context>
<context>
    <name>md::app::ReportRequest</name>
    <message>
        <source>%1 to %2</source>
        <translation>%1 to %2</translation>
    </message>
    <message>
        <source>by year</source>
        <translation>by year</translation>
    </message>
    <message>
        <source>by month</source>
        <translation>by month</translation>
    </message>
    <message>
        <source>by day</source>
        <translation>by day</translation>
    </message>
    <message>
        <source>by cashier</source>
        <translation>by cashier</translation>
    </message>
    <message>
        <source>Sales (daily/monthly/yearly)</source>
        <translation>Sales (daily/monthly/yearly)</translation>
    </message>
    <message>
        <source>Account ledger (opening/closing)</source>
        <translation>Account ledger (opening/closing)</translation>
    </message>
    <message>
        <source>Shift takings</source>
        <translation>Shift takings</translation>
    </message>
    <message>
        <source>Arrears and alarms</source>
        <translation>Arrears and alarms</translation>
    </message>
    <message>
        <source>Reconciliation</source>
        <translation>Reconciliation</translation>
    </message>
    <message>
        <source>Public-area apportionment (approved runs)</source>
        <translation>Public-area apportionment (approved runs)</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <comment>a period and how it is grouped</comment>
        <translation>%1, %2</translation>
    </message>
</context>
<context>
    <name>md::app::ReportXlsxExport</name>
    <message>
        <source>Cannot create %1</source>
        <translation>Cannot create %1</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>Report</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>Cannot write %1: %2</translation>
    </message>
</context>
<context>
    <name>md::app::ReportsPane</name>
    <message>
        <source>Today</source>
        <translation>Today</translation>
    </message>
    <message>
        <source>This month</source>
        <translation>This month</translation>
    </message>
    <message>
        <source>Last month</source>
        <translation>Last month</translation>
    </message>
    <message>
        <source>This year</source>
        <translation>This year</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>Custom</translation>
    </message>
    <message>
        <source>By day</source>
        <translation>By day</translation>
    </message>
    <message>
        <source>By month</source>
        <translation>By month</translation>
    </message>
    <message>
        <source>By year</source>
        <translation>By year</translation>
    </message>
    <message>
        <source>By cashier</source>
        <translation>By cashier</translation>
    </message>
    <message>
        <source>Alarm 1 and worse</source>
        <translation>Alarm 1 and worse</translation>
    </message>
    <message>
        <source>Alarm 2 and worse</source>
        <translation>Alarm 2 and worse</translation>
    </message>
    <message>
        <source>In arrears only</source>
        <translation>In arrears only</translation>
    </message>
    <message>
        <source>Run report (F5)</source>
        <translation>Run report (F5)</translation>
    </message>
    <message>
        <source>Report:</source>
        <translation>Report:</translation>
    </message>
    <message>
        <source>Period:</source>
        <translation>Period:</translation>
    </message>
    <message>
        <source>Bar chart</source>
        <translation>Bar chart</translation>
    </message>
    <message>
        <source>Line chart</source>
        <translation>Line chart</translation>
    </message>
    <message>
        <source>Export to Excel…</source>
        <translation>Export to Excel…</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <source>Save as PDF…</source>
        <translation>Save as PDF…</translation>
    </message>
    <message>
        <source>Print report</source>
        <translation>Print report</translation>
    </message>
    <message>
        <source>Chart:</source>
        <translation>Chart:</translation>
    </message>
    <message>
        <source>Asking the service for the report…</source>
        <translation>Asking the service for the report…</translation>
    </message>
    <message>
        <source>The report could not be made: %1</source>
        <translation>The report could not be made: %1</translation>
    </message>
    <message>
        <source>Exported to %1</source>
        <translation>Exported to %1</translation>
    </message>
    <message>
        <source>The period ends before it begins.</source>
        <translation>The period ends before it begins.</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n row(s)</source>
        <translation>
            <numerusform>%1: %n row</numerusform>
            <numerusform>%1: %n rows</numerusform>
        </translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <source>Saved as %1</source>
        <translation>Saved as %1</translation>
    </message>
    <message>
        <source>Export report to Excel</source>
        <translation>Export report to Excel</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel workbooks (*.xlsx)</translation>
    </message>
    <message>
        <source>Save report as PDF</source>
        <translation>Save report as PDF</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <source>Public-area apportionment…</source>
        <translation>Public-area apportionment…</translation>
    </message>
    <message>
        <source>Apportionment groups…</source>
        <translation>Apportionment groups…</translation>
    </message>
</context>
<context>
    <name>md::app::StartupOptions</name>
    <message>
        <source>MeterDesk front desk</source>
        <translation>MeterDesk front desk</translation>
    </message>
    <message>
        <source>Log in as NAME at once.</source>
        <translation>Log in as NAME at once.</translation>
    </message>
    <message>
        <source>NAME</source>
        <translation>NAME</translation>
    </message>
    <message>
        <source>Read the password from FILE (mode 0600, yours; otherwise it is ignored).</source>
        <translation>Read the password from FILE (mode 0600, yours; otherwise it is ignored).</translation>
    </message>
    <message>
        <source>FILE</source>
        <translation>FILE</translation>
    </message>
    <message>
        <source>The service&apos;s address.</source>
        <translation>The service&apos;s address.</translation>
    </message>
    <message>
        <source>HOST:PORT</source>
        <translation>HOST:PORT</translation>
    </message>
    <message>
        <source>Unexpected argument: %1</source>
        <translation>Unexpected argument: %1</translation>
    </message>
    <message>
        <source>--password-file needs --login NAME.</source>
        <translation>--password-file needs --login NAME.</translation>
    </message>
    <message>
        <source>The password file %1 is a symbolic link: ignored.</source>
        <translation>The password file %1 is a symbolic link: ignored.</translation>
    </message>
    <message>
        <source>There is no password file %1.</source>
        <translation>There is no password file %1.</translation>
    </message>
    <message>
        <source>The password file %1 belongs to another user: ignored.</source>
        <translation>The password file %1 belongs to another user: ignored.</translation>
    </message>
    <message>
        <source>Others may read the password file %1 (it must be mode 0600): ignored.</source>
        <translation>Others may read the password file %1 (it must be mode 0600): ignored.</translation>
    </message>
    <message>
        <source>Cannot read the password file %1: %2</source>
        <translation>Cannot read the password file %1: %2</translation>
    </message>
    <message>
        <source>The password file %1 is empty.</source>
        <translation>The password file %1 is empty.</translation>
    </message>
</context>
<context>
    <name>md::app::StateLegend</name>
    <message>
        <source>Legend:</source>
        <translation>Legend:</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>md::app::TemporaryPasswordDialog</name>
    <message>
        <source>Password reset</source>
        <translation>Password reset</translation>
    </message>
</context>
<context>
    <name>md::app::TemporaryPasswordPanel</name>
    <message>
        <source>Copy</source>
        <translation>Copy</translation>
    </message>
    <message>
        <source>Shown only now: give it to the operator in person. They must change it when they first log in.</source>
        <translation>Shown only now: give it to the operator in person. They must change it when they first log in.</translation>
    </message>
    <message>
        <source>Temporary password of %1:</source>
        <translation>Temporary password of %1:</translation>
    </message>
</context>
<context>
    <name>md::app::TrainingBanner</name>
    <message>
        <source>TRAINING MODE — simulated meters, no real money</source>
        <translation>TRAINING MODE — simulated meters, no real money</translation>
    </message>
    <message>
        <source>This service runs as a practice installation ([service] training = yes): its meters are simulated and its accounts and receipts are not the office&apos;s.</source>
        <translation>This service runs as a practice installation ([service] training = yes): its meters are simulated and its accounts and receipts are not the office&apos;s.</translation>
    </message>
    <message>
        <source>%1 — TRAINING</source>
        <translation>%1 — TRAINING</translation>
    </message>
</context>
<context>
    <name>md::cli</name>
    <message>
        <source>%1 needs a value</source>
        <translation>%1 needs a value</translation>
    </message>
    <message>
        <source>Unknown option: %1</source>
        <translation>Unknown option: %1</translation>
    </message>
    <message>
        <source>Both --tariff and --readings are needed</source>
        <translation>Both --tariff and --readings are needed</translation>
    </message>
    <message>
        <source>Usage: meterdeskd bill --tariff FILE --readings FILE [--json] [--timezone TZ]</source>
        <translation>Usage: meterdeskd bill --tariff FILE --readings FILE [--json] [--timezone TZ]</translation>
    </message>
    <message>
        <source>Bills a meter&apos;s reading history (CSV: timestamp,register,value) with a tariff file and prints every deduction with its breakdown and the totals. --timezone replaces the tariff&apos;s office time zone (time-of-use periods, months, timestamps without an offset).</source>
        <translation>Bills a meter&apos;s reading history (CSV: timestamp,register,value) with a tariff file and prints every deduction with its breakdown and the totals. --timezone replaces the tariff&apos;s office time zone (time-of-use periods, months, timestamps without an offset).</translation>
    </message>
    <message>
        <source>Unknown time zone &quot;%1&quot;</source>
        <translation>Unknown time zone &quot;%1&quot;</translation>
    </message>
    <message>
        <source>The file has no readings</source>
        <translation>The file has no readings</translation>
    </message>
    <message>
        <source>free allowance</source>
        <translation>free allowance</translation>
    </message>
    <message>
        <source>fixed monthly charge</source>
        <translation>fixed monthly charge</translation>
    </message>
    <message>
        <source>Tariff %1 (%2): %3, %4, time zone %5</source>
        <translation>Tariff %1 (%2): %3, %4, time zone %5</translation>
    </message>
    <message>
        <source>Baseline %1: %2</source>
        <translation>Baseline %1: %2</translation>
    </message>
    <message>
        <source>Deduction %1: %2 to %3</source>
        <translation>Deduction %1: %2 to %3</translation>
    </message>
    <message>
        <source>readings: %1 -&gt; %2</source>
        <translation>readings: %1 -&gt; %2</translation>
    </message>
    <message>
        <source>share: version %1, period %2</source>
        <translation>share: version %1, period %2</translation>
    </message>
    <message>
        <source>month %1</source>
        <translation>month %1</translation>
    </message>
    <message>
        <source>register %1</source>
        <translation>register %1</translation>
    </message>
    <message>
        <source>segment %1</source>
        <translation>segment %1</translation>
    </message>
    <message>
        <source>%1 %2 over %3 h</source>
        <translation>%1 %2 over %3 h</translation>
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
        <translation>%1 tier %2 %3</translation>
    </message>
    <message>
        <source>%1 %2 x %3 = %4 (so far %5 %2: %6 -&gt; %7, %8)</source>
        <translation>%1 %2 x %3 = %4 (so far %5 %2: %6 -&gt; %7, %8)</translation>
    </message>
    <message>
        <source>deduction total: %1</source>
        <translation>deduction total: %1</translation>
    </message>
    <message>
        <source>Totals</source>
        <translation>Totals</translation>
    </message>
    <message>
        <source>tier %1 %2</source>
        <translation>tier %1 %2</translation>
    </message>
    <message>
        <source>total: %1 %2, %3</source>
        <translation>total: %1 %2, %3</translation>
    </message>
    <message>
        <source>Bill a reading history with a tariff file and explain every deduction</source>
        <translation>Bill a reading history with a tariff file and explain every deduction</translation>
    </message>
    <message>
        <source>Usage: meterdeskd COMMAND [OPTIONS]</source>
        <translation>Usage: meterdeskd COMMAND [OPTIONS]</translation>
    </message>
    <message>
        <source>Commands:</source>
        <translation>Commands:</translation>
    </message>
    <message>
        <source>Unknown command: %1</source>
        <translation>Unknown command: %1</translation>
    </message>
    <message>
        <source>Usage: meterdeskd decode [--protocol modbus-rtu|dlt645|dlt645-1997|cjt188] [--map acrel-ddsy1352|eastron-sdm120|md-prepaid] HEX...</source>
        <translation>Usage: meterdeskd decode [--protocol modbus-rtu|dlt645|dlt645-1997|cjt188] [--map acrel-ddsy1352|eastron-sdm120|md-prepaid] HEX...</translation>
    </message>
    <message>
        <source>Decodes captured meter frames and prints one JSON object per frame. Spaces, colons and 0x in the hex are accepted; without --protocol it is detected. Exits with 1 when a frame is invalid, 2 on a usage error.</source>
        <translation>Decodes captured meter frames and prints one JSON object per frame. Spaces, colons and 0x in the hex are accepted; without --protocol it is detected. Exits with 1 when a frame is invalid, 2 on a usage error.</translation>
    </message>
    <message>
        <source>decode captured meter frames (Modbus RTU, DL/T 645, CJ/T 188) to JSON</source>
        <translation>decode captured meter frames (Modbus RTU, DL/T 645, CJ/T 188) to JSON</translation>
    </message>
    <message>
        <source>unknown protocol &apos;%1&apos; (modbus-rtu, dlt645, dlt645-1997, cjt188)</source>
        <translation>unknown protocol &apos;%1&apos; (modbus-rtu, dlt645, dlt645-1997, cjt188)</translation>
    </message>
    <message>
        <source>unknown register map &apos;%1&apos; (acrel-ddsy1352, eastron-sdm120, md-prepaid)</source>
        <translation>unknown register map &apos;%1&apos; (acrel-ddsy1352, eastron-sdm120, md-prepaid)</translation>
    </message>
    <message>
        <source>not a hex string: %1</source>
        <translation>not a hex string: %1</translation>
    </message>
    <message>
        <source>no %1 frame found in %n byte(s)</source>
        <translation>no %1 frame found in %n byte(s)</translation>
    </message>
    <message>
        <source>%n byte(s) outside frames skipped (wake-up bytes or noise)</source>
        <translation>%n byte(s) outside frames skipped (wake-up bytes or noise)</translation>
    </message>
    <message>
        <source>Check the operation log&apos;s hash chain (--database URL or --config FILE)</source>
        <translation>Check the operation log&apos;s hash chain (--database URL or --config FILE)</translation>
    </message>
    <message>
        <source>Usage: meterdeskd audit-verify (--database URL | --config FILE)</source>
        <translation>Usage: meterdeskd audit-verify (--database URL | --config FILE)</translation>
    </message>
    <message>
        <source>The operation log is intact: %1 records</source>
        <translation>The operation log is intact: %1 records</translation>
    </message>
    <message>
        <source>BROKEN at record %1: %2</source>
        <translation>BROKEN at record %1: %2</translation>
    </message>
    <message>
        <source>Usage: meterdeskd call --user NAME [--host H] [--port P] [--tls [--ca FILE] [--peer-name NAME]]
                       [--password-file FILE | --password-stdin] METHOD [JSON-PARAMS]
The password is read from MD_API_PASSWORD unless a password option is given.</source>
        <translation>Usage: meterdeskd call --user NAME [--host H] [--port P] [--tls [--ca FILE] [--peer-name NAME]]
                       [--password-file FILE | --password-stdin] METHOD [JSON-PARAMS]
The password is read from MD_API_PASSWORD unless a password option is given.</translation>
    </message>
    <message>
        <source>--port must be 1 to 65535 (got %1)</source>
        <translation>--port must be 1 to 65535 (got %1)</translation>
    </message>
    <message>
        <source>No PEM certificate could be read from %1</source>
        <translation>No PEM certificate could be read from %1</translation>
    </message>
    <message>
        <source>The parameters must be one JSON object: %1</source>
        <translation>The parameters must be one JSON object: %1</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>Cannot read %1: %2</translation>
    </message>
    <message>
        <source>No password: set MD_API_PASSWORD or use --password-file / --password-stdin</source>
        <translation>No password: set MD_API_PASSWORD or use --password-file / --password-stdin</translation>
    </message>
    <message>
        <source>Log in to the service and call one API method with JSON params</source>
        <translation>Log in to the service and call one API method with JSON params</translation>
    </message>
    <message>
        <source>error %1: %2</source>
        <translation>error %1: %2</translation>
    </message>
    <message>
        <source>Usage: meterdeskd serve --config FILE</source>
        <translation>Usage: meterdeskd serve --config FILE</translation>
    </message>
    <message>
        <source>First run: created the operator &quot;admin&quot; with the one-time password %1 (it must be changed at the first login and is not shown again)</source>
        <translation>First run: created the operator &quot;admin&quot; with the one-time password %1 (it must be changed at the first login and is not shown again)</translation>
    </message>
    <message>
        <source>MeterDesk service listening on %1 port %2 (%3), database %4</source>
        <translation>MeterDesk service listening on %1 port %2 (%3), database %4</translation>
    </message>
    <message>
        <source>TLS</source>
        <translation>TLS</translation>
    </message>
    <message>
        <source>plain TCP</source>
        <translation>plain TCP</translation>
    </message>
    <message>
        <source>MeterDesk service stopped</source>
        <translation>MeterDesk service stopped</translation>
    </message>
    <message>
        <source>Training data (meterdeskd seed-demo)</source>
        <translation>Training data (meterdeskd seed-demo)</translation>
    </message>
    <message>
        <source>seed-demo fills an empty database only: this one already has rows in &quot;%1&quot;</source>
        <translation>seed-demo fills an empty database only: this one already has rows in &quot;%1&quot;</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <source>No *.tariff files in %1 (give --tariffs DIR: the product&apos;s resources/tariffs)</source>
        <translation>No *.tariff files in %1 (give --tariffs DIR: the product&apos;s resources/tariffs)</translation>
    </message>
    <message>
        <source>Opening balance (training data)</source>
        <translation>Opening balance (training data)</translation>
    </message>
    <message>
        <source>Fill an empty database with the demo office (--config FILE | --database URL, --tariffs DIR)</source>
        <translation>Fill an empty database with the demo office (--config FILE | --database URL, --tariffs DIR)</translation>
    </message>
    <message>
        <source>Usage: meterdeskd seed-demo (--config FILE | --database URL) --tariffs DIR</source>
        <translation>Usage: meterdeskd seed-demo (--config FILE | --database URL) --tariffs DIR</translation>
    </message>
    <message>
        <source>Demo office written in %1 ms: %2 rooms, %3 meters, %4 accounts, %5 tariffs</source>
        <translation>Demo office written in %1 ms: %2 rooms, %3 meters, %4 accounts, %5 tariffs</translation>
    </message>
    <message>
        <source>Created the operator &quot;admin&quot; with the one-time password %1 (it must be changed at the first login and is not shown again)</source>
        <translation>Created the operator &quot;admin&quot; with the one-time password %1 (it must be changed at the first login and is not shown again)</translation>
    </message>
    <message>
        <source>Demo operator &quot;%1&quot; (%2), password %3</source>
        <translation>Demo operator &quot;%1&quot; (%2), password %3</translation>
    </message>
    <message>
        <source>Run the service: the API and the meter buses of the configuration (--config FILE)</source>
        <translation>Run the service: the API and the meter buses of the configuration (--config FILE)</translation>
    </message>
    <message numerus="yes">
        <source>Reading meters on %n bus(es) every %1 s: %2</source>
        <translation>
            <numerusform>Reading meters on %n bus every %1 s: %2</numerusform>
            <numerusform>Reading meters on %n buses every %1 s: %2</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n meter(s) of the registry are on buses this service does not have</source>
        <translation>
            <numerusform>%n meter of the registry is on a bus this service does not have</numerusform>
            <numerusform>%n meters of the registry are on buses this service does not have</numerusform>
        </translation>
    </message>
    <message>
        <source>No [bus] in the configuration: the service reads no meters</source>
        <translation>No [bus] in the configuration: the service reads no meters</translation>
    </message>
    <message>
        <source>Usage: meterdeskd verify-rollups (--config FILE | --database URL [--time-zone ZONE])</source>
        <translation>Usage: meterdeskd verify-rollups (--config FILE | --database URL [--time-zone ZONE])</translation>
    </message>
    <message>
        <source>Not a time zone: %1</source>
        <translation>Not a time zone: %1</translation>
    </message>
    <message>
        <source>MISMATCH meter %1 (%2) day %3: %4</source>
        <translation>MISMATCH meter %1 (%2) day %3: %4</translation>
    </message>
    <message>
        <source>%1 meters, %2 readings, %3 meter-days checked in %4 ms: %5 mismatches</source>
        <translation>%1 meters, %2 readings, %3 meter-days checked in %4 ms: %5 mismatches</translation>
    </message>
    <message>
        <source>MISMATCH wallet_daily: %1</source>
        <translation>MISMATCH wallet_daily: %1</translation>
    </message>
    <message>
        <source>MISMATCH ledger account %1 (%2) day %3: %4</source>
        <translation>MISMATCH ledger account %1 (%2) day %3: %4</translation>
    </message>
    <message>
        <source>%1 ledger accounts, %2 account-days (wallet_daily, time zone %3) checked in %4 ms: %5 mismatches</source>
        <translation>%1 ledger accounts, %2 account-days (wallet_daily, time zone %3) checked in %4 ms: %5 mismatches</translation>
    </message>
    <message>
        <source>Note: wallet_daily is kept in %1, not the office&apos;s %2; the service rebuilds it at its next posting</source>
        <translation>Note: wallet_daily is kept in %1, not the office&apos;s %2; the service rebuilds it at its next posting</translation>
    </message>
    <message>
        <source>Recompute the daily and monthly meter and wallet rollups from readings and postings and list mismatches</source>
        <translation>Recompute the daily and monthly meter and wallet rollups from readings and postings and list mismatches</translation>
    </message>
    <message>
        <source>MISMATCH %1 %2 month %3: %4</source>
        <translation>MISMATCH %1 %2 month %3: %4</translation>
    </message>
    <message>
        <source>%1 meter-months (meter_monthly), %2 account-months (wallet_monthly) checked against the daily rollups in %3 ms: %4 mismatches</source>
        <translation>%1 meter-months (meter_monthly), %2 account-months (wallet_monthly) checked against the daily rollups in %3 ms: %4 mismatches</translation>
    </message>
</context>
<context>
    <name>md::collection::BusManager</name>
    <message>
        <source>bus &quot;%1&quot; is configured twice</source>
        <translation>bus &quot;%1&quot; is configured twice</translation>
    </message>
    <message>
        <source>meter %1 names bus &quot;%2&quot;, which is not configured</source>
        <translation>meter %1 names bus &quot;%2&quot;, which is not configured</translation>
    </message>
    <message>
        <source>meter id %1 appears twice</source>
        <translation>meter id %1 appears twice</translation>
    </message>
    <message>
        <source>meter %1 is on no configured bus</source>
        <translation>meter %1 is on no configured bus</translation>
    </message>
    <message>
        <source>meter %1 is on no bus of this service</source>
        <translation>meter %1 is on no bus of this service</translation>
    </message>
</context>
<context>
    <name>md::collection::BusWorker</name>
    <message>
        <source>bus %1 uses the Qt Modbus transport but meter %2 speaks %3</source>
        <translation>bus %1 uses the Qt Modbus transport but meter %2 speaks %3</translation>
    </message>
    <message>
        <source>meter %1 is not on bus %2</source>
        <translation>meter %1 is not on bus %2</translation>
    </message>
    <message>
        <source>bus %1 is not open</source>
        <translation>bus %1 is not open</translation>
    </message>
    <message>
        <source>the meter reports %1 after the command</source>
        <translation>the meter reports %1 after the command</translation>
    </message>
    <message>
        <source>the meter counts %1 purchases, not %2</source>
        <translation>the meter counts %1 purchases, not %2</translation>
    </message>
    <message>
        <source>the meter reads %1 = %2 after the write of %3</source>
        <translation>the meter reads %1 = %2 after the write of %3</translation>
    </message>
</context>
<context>
    <name>md::collection::Cjt188Driver</name>
    <message>
        <source>unexpected value %1 = %2 %3</source>
        <translation>unexpected value %1 = %2 %3</translation>
    </message>
    <message>
        <source>answer has no cumulative register</source>
        <translation>answer has no cumulative register</translation>
    </message>
    <message>
        <source>CJ/T 188 valves have no force-on</source>
        <translation>CJ/T 188 valves have no force-on</translation>
    </message>
    <message>
        <source>meter refused the valve command</source>
        <translation>meter refused the valve command</translation>
    </message>
    <message>
        <source>meter answered abnormally</source>
        <translation>meter answered abnormally</translation>
    </message>
    <message>
        <source>answer is for another data identifier</source>
        <translation>answer is for another data identifier</translation>
    </message>
</context>
<context>
    <name>md::collection::CollectionService</name>
    <message>
        <source>meter %1 is not on a bus this service reads</source>
        <translation>meter %1 is not on a bus this service reads</translation>
    </message>
</context>
<context>
    <name>md::collection::Dlt645Driver</name>
    <message>
        <source>unexpected value %1 = %2</source>
        <translation>unexpected value %1 = %2</translation>
    </message>
    <message>
        <source>DL/T 645-1997 meters have no relay command</source>
        <translation>DL/T 645-1997 meters have no relay command</translation>
    </message>
    <message>
        <source>answer is not a relay answer</source>
        <translation>answer is not a relay answer</translation>
    </message>
    <message>
        <source>meter refused: %1</source>
        <translation>meter refused: %1</translation>
    </message>
    <message>
        <source>answer is not a read answer</source>
        <translation>answer is not a read answer</translation>
    </message>
    <message>
        <source>answer is for another data identifier</source>
        <translation>answer is for another data identifier</translation>
    </message>
    <message>
        <source>status word of %1 bytes</source>
        <translation>status word of %1 bytes</translation>
    </message>
    <message>
        <source>%1 does not fit the meter&apos;s item %2 (%3 digits, %4 decimals)</source>
        <translation>%1 does not fit the meter&apos;s item %2 (%3 digits, %4 decimals)</translation>
    </message>
    <message>
        <source>no value of %1 in the answer</source>
        <translation>no value of %1 in the answer</translation>
    </message>
    <message>
        <source>answer is not a write answer</source>
        <translation>answer is not a write answer</translation>
    </message>
</context>
<context>
    <name>md::collection::EndpointMapper</name>
    <message>
        <source>Meter %1: %2</source>
        <translation>Meter %1: %2</translation>
    </message>
    <message>
        <source>option %1 must be %2 hex digits as printed (got &quot;%3&quot;)</source>
        <translation>option %1 must be %2 hex digits as printed (got &quot;%3&quot;)</translation>
    </message>
    <message>
        <source>option %1 must be true or false</source>
        <translation>option %1 must be true or false</translation>
    </message>
    <message>
        <source>a Modbus address is a unit id from 1 to 247 (got &quot;%1&quot;)</source>
        <translation>a Modbus address is a unit id from 1 to 247 (got &quot;%1&quot;)</translation>
    </message>
    <message>
        <source>unknown Modbus register map &quot;%1&quot;</source>
        <translation>unknown Modbus register map &quot;%1&quot;</translation>
    </message>
    <message>
        <source>a DL/T 645 address is the 12 digits on the nameplate (got &quot;%1&quot;)</source>
        <translation>a DL/T 645 address is the 12 digits on the nameplate (got &quot;%1&quot;)</translation>
    </message>
    <message>
        <source>option password_level must be 0 to 9</source>
        <translation>option password_level must be 0 to 9</translation>
    </message>
    <message>
        <source>a CJ/T 188 address is the 14 digits on the nameplate (got &quot;%1&quot;)</source>
        <translation>a CJ/T 188 address is the 14 digits on the nameplate (got &quot;%1&quot;)</translation>
    </message>
    <message>
        <source>option type must be cold-water, hot-water or gas (got &quot;%1&quot;)</source>
        <translation>option type must be cold-water, hot-water or gas (got &quot;%1&quot;)</translation>
    </message>
    <message>
        <source>option di_order must be high-first or low-first (got &quot;%1&quot;)</source>
        <translation>option di_order must be high-first or low-first (got &quot;%1&quot;)</translation>
    </message>
    <message>
        <source>unknown protocol &quot;%1&quot;</source>
        <translation>unknown protocol &quot;%1&quot;</translation>
    </message>
</context>
<context>
    <name>md::collection::MeterDriver</name>
    <message>
        <source>meter %1 keeps no balance of its own</source>
        <translation>meter %1 keeps no balance of its own</translation>
    </message>
    <message>
        <source>unknown Modbus register map &quot;%1&quot;</source>
        <translation>unknown Modbus register map &quot;%1&quot;</translation>
    </message>
    <message>
        <source>meter %1 has no setting %2</source>
        <translation>meter %1 has no setting %2</translation>
    </message>
</context>
<context>
    <name>md::collection::MeterLink</name>
    <message>
        <source>no answer within %1 ms</source>
        <translation>no answer within %1 ms</translation>
    </message>
    <message>
        <source>answer failed its checksum</source>
        <translation>answer failed its checksum</translation>
    </message>
    <message>
        <source>answer came from another address</source>
        <translation>answer came from another address</translation>
    </message>
</context>
<context>
    <name>md::collection::ModbusDriver</name>
    <message>
        <source>register %1 is not a quantity: %2</source>
        <translation>register %1 is not a quantity: %2</translation>
    </message>
    <message>
        <source>map %1 has no relay register</source>
        <translation>map %1 has no relay register</translation>
    </message>
    <message>
        <source>meter refused: %1</source>
        <translation>meter refused: %1</translation>
    </message>
    <message>
        <source>answer does not echo the relay write</source>
        <translation>answer does not echo the relay write</translation>
    </message>
    <message>
        <source>answer is not a Modbus frame</source>
        <translation>answer is not a Modbus frame</translation>
    </message>
    <message>
        <source>answer has %1 registers of function %2, asked %3</source>
        <translation>answer has %1 registers of function %2, asked %3</translation>
    </message>
    <message>
        <source>answer does not echo the write of %1</source>
        <translation>answer does not echo the write of %1</translation>
    </message>
    <message>
        <source>no value of %1 in the answer</source>
        <translation>no value of %1 in the answer</translation>
    </message>
</context>
<context>
    <name>md::collection::QtModbusTransport</name>
    <message>
        <source>cannot open bus %1 (%2): %3</source>
        <translation>cannot open bus %1 (%2): %3</translation>
    </message>
    <message>
        <source>bus %1 carries Modbus RTU only</source>
        <translation>bus %1 carries Modbus RTU only</translation>
    </message>
</context>
<context>
    <name>md::collection::SerialBusTransport</name>
    <message>
        <source>cannot open bus %1 (%2): %3</source>
        <translation>cannot open bus %1 (%2): %3</translation>
    </message>
    <message>
        <source>cannot set the line parameters of bus %1 (%2): %3</source>
        <translation>cannot set the line parameters of bus %1 (%2): %3</translation>
    </message>
    <message>
        <source>bus %1 is not open</source>
        <translation>bus %1 is not open</translation>
    </message>
</context>
<context>
    <name>md::collection::SettingsPlanner</name>
    <message>
        <source>the tariff %1 is not a single flat price</source>
        <translation>the tariff %1 is not a single flat price</translation>
    </message>
    <message>
        <source>meter %1 keeps no settings the service knows (map %2)</source>
        <translation>meter %1 keeps no settings the service knows (map %2)</translation>
    </message>
</context>
<context>
    <name>md::protocol</name>
    <message>
        <source>frame too short for CJ/T 188 (at least 13 bytes)</source>
        <translation>frame too short for CJ/T 188 (at least 13 bytes)</translation>
    </message>
    <message>
        <source>start byte is not 68</source>
        <translation>start byte is not 68</translation>
    </message>
    <message>
        <source>length byte %1 is above the standard&apos;s limit of 100</source>
        <translation>length byte %1 is above the standard&apos;s limit of 100</translation>
    </message>
    <message>
        <source>length byte says %1 data bytes, frame has %2</source>
        <translation>length byte says %1 data bytes, frame has %2</translation>
    </message>
    <message>
        <source>checksum mismatch: computed %1, frame has %2</source>
        <translation>checksum mismatch: computed %1, frame has %2</translation>
    </message>
    <message>
        <source>end byte is %1, not 16</source>
        <translation>end byte is %1, not 16</translation>
    </message>
    <message>
        <source>meter data of %1 bytes does not fit the %2 layout</source>
        <translation>meter data of %1 bytes does not fit the %2 layout</translation>
    </message>
    <message>
        <source>DI bytes sent low byte first (%1 %2)</source>
        <translation>DI bytes sent low byte first (%1 %2)</translation>
    </message>
    <message>
        <source>abnormal answer</source>
        <translation>abnormal answer</translation>
    </message>
    <message>
        <source>the meter refused the request</source>
        <translation>the meter refused the request</translation>
    </message>
    <message>
        <source>read data</source>
        <translation>read data</translation>
    </message>
    <message>
        <source>read address</source>
        <translation>read address</translation>
    </message>
    <message>
        <source>valve control</source>
        <translation>valve control</translation>
    </message>
    <message>
        <source>write data</source>
        <translation>write data</translation>
    </message>
    <message>
        <source>function %1</source>
        <translation>function %1</translation>
    </message>
    <message>
        <source>read answer shorter than its data identifier</source>
        <translation>read answer shorter than its data identifier</translation>
    </message>
    <message>
        <source>data identifier not in our table: data shown as sent (BCD digits)</source>
        <translation>data identifier not in our table: data shown as sent (BCD digits)</translation>
    </message>
    <message>
        <source>more frames follow (D5 set)</source>
        <translation>more frames follow (D5 set)</translation>
    </message>
    <message>
        <source>broadcast time</source>
        <translation>broadcast time</translation>
    </message>
    <message>
        <source>relay control</source>
        <translation>relay control</translation>
    </message>
    <message>
        <source>relay command needs 16 data bytes, frame has %1</source>
        <translation>relay command needs 16 data bytes, frame has %1</translation>
    </message>
    <message>
        <source>read holding registers</source>
        <translation>read holding registers</translation>
    </message>
    <message>
        <source>read input registers</source>
        <translation>read input registers</translation>
    </message>
    <message>
        <source>write single register</source>
        <translation>write single register</translation>
    </message>
    <message>
        <source>write multiple registers</source>
        <translation>write multiple registers</translation>
    </message>
    <message>
        <source>no matching request before this answer: registers numbered from 0</source>
        <translation>no matching request before this answer: registers numbered from 0</translation>
    </message>
    <message>
        <source>register map: %1</source>
        <translation>register map: %1</translation>
    </message>
    <message>
        <source>a write-single answer echoes its request: the bytes are identical</source>
        <translation>a write-single answer echoes its request: the bytes are identical</translation>
    </message>
    <message>
        <source>%1 needs %2 data bytes, frame has %3</source>
        <translation>%1 needs %2 data bytes, frame has %3</translation>
    </message>
    <message>
        <source>%1 is not valid BCD</source>
        <translation>%1 is not valid BCD</translation>
    </message>
    <message>
        <source>%1 block: %2 data bytes is not a multiple of %3</source>
        <translation>%1 block: %2 data bytes is not a multiple of %3</translation>
    </message>
    <message>
        <source>other error</source>
        <translation>other error</translation>
    </message>
    <message>
        <source>no requested data</source>
        <translation>no requested data</translation>
    </message>
    <message>
        <source>password wrong or not authorised</source>
        <translation>password wrong or not authorised</translation>
    </message>
    <message>
        <source>baud rate cannot be changed</source>
        <translation>baud rate cannot be changed</translation>
    </message>
    <message>
        <source>too many yearly time zones</source>
        <translation>too many yearly time zones</translation>
    </message>
    <message>
        <source>too many daily time slots</source>
        <translation>too many daily time slots</translation>
    </message>
    <message>
        <source>too many tariffs</source>
        <translation>too many tariffs</translation>
    </message>
    <message>
        <source>reserved bit 7</source>
        <translation>reserved bit 7</translation>
    </message>
    <message>
        <source>frame too short for DL/T 645 (at least 12 bytes)</source>
        <translation>frame too short for DL/T 645 (at least 12 bytes)</translation>
    </message>
    <message>
        <source>start bytes are not 68 at positions 1 and 8</source>
        <translation>start bytes are not 68 at positions 1 and 8</translation>
    </message>
    <message>
        <source>a single hex digit before position %1: every byte needs two digits</source>
        <translation>a single hex digit before position %1: every byte needs two digits</translation>
    </message>
    <message>
        <source>&apos;%1&apos; at position %2 is not a hex digit</source>
        <translation>&apos;%1&apos; at position %2 is not a hex digit</translation>
    </message>
    <message>
        <source>odd number of hex digits: every byte needs two digits</source>
        <translation>odd number of hex digits: every byte needs two digits</translation>
    </message>
    <message>
        <source>frame too short for Modbus RTU (at least 5 bytes)</source>
        <translation>frame too short for Modbus RTU (at least 5 bytes)</translation>
    </message>
    <message>
        <source>CRC mismatch: computed %1 %2, frame has %3 %4</source>
        <translation>CRC mismatch: computed %1 %2, frame has %3 %4</translation>
    </message>
    <message>
        <source>slave address %1 is outside 0-247</source>
        <translation>slave address %1 is outside 0-247</translation>
    </message>
    <message>
        <source>function %1 is not one of 03, 04, 06, 16</source>
        <translation>function %1 is not one of 03, 04, 06, 16</translation>
    </message>
    <message>
        <source>exception response must be 5 bytes, not %1</source>
        <translation>exception response must be 5 bytes, not %1</translation>
    </message>
    <message>
        <source>register count %1 is outside 1-125</source>
        <translation>register count %1 is outside 1-125</translation>
    </message>
    <message>
        <source>length %1 fits neither a read request nor its response</source>
        <translation>length %1 fits neither a read request nor its response</translation>
    </message>
    <message>
        <source>write-single frame must be 8 bytes, not %1</source>
        <translation>write-single frame must be 8 bytes, not %1</translation>
    </message>
    <message>
        <source>register count %1 is outside 1-123</source>
        <translation>register count %1 is outside 1-123</translation>
    </message>
    <message>
        <source>write-multiple byte count does not match %1 registers</source>
        <translation>write-multiple byte count does not match %1 registers</translation>
    </message>
    <message>
        <source>illegal function</source>
        <translation>illegal function</translation>
    </message>
    <message>
        <source>illegal data address</source>
        <translation>illegal data address</translation>
    </message>
    <message>
        <source>illegal data value</source>
        <translation>illegal data value</translation>
    </message>
    <message>
        <source>slave device failure</source>
        <translation>slave device failure</translation>
    </message>
    <message>
        <source>acknowledge</source>
        <translation>acknowledge</translation>
    </message>
    <message>
        <source>slave device busy</source>
        <translation>slave device busy</translation>
    </message>
    <message>
        <source>memory parity error</source>
        <translation>memory parity error</translation>
    </message>
    <message>
        <source>gateway path unavailable</source>
        <translation>gateway path unavailable</translation>
    </message>
    <message>
        <source>gateway target device failed to respond</source>
        <translation>gateway target device failed to respond</translation>
    </message>
    <message>
        <source>exception code %1</source>
        <translation>exception code %1</translation>
    </message>
    <message numerus="yes">
        <source>truncated frame: input ended after %n byte(s)</source>
        <translation>
            <numerusform>truncated frame: input ended after %n byte</numerusform>
            <numerusform>truncated frame: input ended after %n bytes</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>md::receipt::ReceiptForm</name>
    <message>
        <source>&quot;%1&quot; is not a length in millimetres from 0 to 1000 (at most one decimal)</source>
        <translation>&quot;%1&quot; is not a length in millimetres from 0 to 1000 (at most one decimal)</translation>
    </message>
    <message>
        <source>font_pt must be a whole number from 6 to 36</source>
        <translation>font_pt must be a whole number from 6 to 36</translation>
    </message>
    <message>
        <source>unknown key &quot;%1&quot; in [paper]</source>
        <translation>unknown key &quot;%1&quot; in [paper]</translation>
    </message>
    <message>
        <source>unknown receipt field &quot;%1&quot; (known: %2)</source>
        <translation>unknown receipt field &quot;%1&quot; (known: %2)</translation>
    </message>
    <message>
        <source>a field position is &quot;X_MM, Y_MM&quot;</source>
        <translation>a field position is &quot;X_MM, Y_MM&quot;</translation>
    </message>
    <message>
        <source>unknown section [%1] (known: paper, fields)</source>
        <translation>unknown section [%1] (known: paper, fields)</translation>
    </message>
    <message>
        <source>the paper must be at least 50 × 50 mm</source>
        <translation>the paper must be at least 50 × 50 mm</translation>
    </message>
    <message>
        <source>the margins leave no room on the paper</source>
        <translation>the margins leave no room on the paper</translation>
    </message>
    <message>
        <source>the field &quot;%1&quot; is placed off the paper</source>
        <translation>the field &quot;%1&quot; is placed off the paper</translation>
    </message>
</context>
<context>
    <name>md::receipt::ReceiptLayout</name>
    <message>
        <source>Cash</source>
        <translation>Cash</translation>
    </message>
    <message>
        <source>WeChat Pay</source>
        <translation>WeChat Pay</translation>
    </message>
    <message>
        <source>Alipay</source>
        <translation>Alipay</translation>
    </message>
    <message>
        <source>Bank transfer</source>
        <translation>Bank transfer</translation>
    </message>
    <message>
        <source>Bank card</source>
        <translation>Bank card</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>Electricity</source>
        <translation>Electricity</translation>
    </message>
    <message>
        <source>Water</source>
        <translation>Water</translation>
    </message>
    <message>
        <source>Heat</source>
        <translation>Heat</translation>
    </message>
    <message>
        <source>Refund receipt</source>
        <translation>Refund receipt</translation>
    </message>
    <message>
        <source>Prepayment receipt</source>
        <translation>Prepayment receipt</translation>
    </message>
    <message>
        <source>Receipt No.</source>
        <translation>Receipt No.</translation>
    </message>
    <message>
        <source>Date and time</source>
        <translation>Date and time</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Account</translation>
    </message>
    <message>
        <source>Tenant</source>
        <translation>Tenant</translation>
    </message>
    <message>
        <source>Room</source>
        <translation>Room</translation>
    </message>
    <message>
        <source>Meter</source>
        <translation>Meter</translation>
    </message>
    <message>
        <source>Utility</source>
        <translation>Utility</translation>
    </message>
    <message>
        <source>Payment</source>
        <translation>Payment</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>Amount in words</source>
        <translation>Amount in words</translation>
    </message>
    <message>
        <source>RMB %1</source>
        <translation>RMB %1</translation>
    </message>
    <message>
        <source>Service fee</source>
        <translation>Service fee</translation>
    </message>
    <message>
        <source>Balance before</source>
        <translation>Balance before</translation>
    </message>
    <message>
        <source>Balance after</source>
        <translation>Balance after</translation>
    </message>
    <message>
        <source>Last reading</source>
        <translation>Last reading</translation>
    </message>
    <message>
        <source>Cashier</source>
        <translation>Cashier</translation>
    </message>
    <message>
        <source>Memo</source>
        <translation>Memo</translation>
    </message>
</context>
<context>
    <name>md::receipt::ReceiptRecord</name>
    <message>
        <source>the receipt record has no valid &quot;%1&quot;</source>
        <translation>the receipt record has no valid &quot;%1&quot;</translation>
    </message>
</context>
<context>
    <name>md::report::AccountLedgerReport</name>
    <message>
        <source>Account ledger</source>
        <translation>Account ledger</translation>
    </message>
    <message>
        <source>Account ID</source>
        <translation>Account ID</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Account</translation>
    </message>
    <message>
        <source>Tenant</source>
        <translation>Tenant</translation>
    </message>
    <message>
        <source>Utility</source>
        <translation>Utility</translation>
    </message>
    <message>
        <source>Opening balance</source>
        <translation>Opening balance</translation>
    </message>
    <message>
        <source>Recharges</source>
        <translation>Recharges</translation>
    </message>
    <message>
        <source>Deductions</source>
        <translation>Deductions</translation>
    </message>
    <message>
        <source>Refunds and settlements</source>
        <translation>Refunds and settlements</translation>
    </message>
    <message>
        <source>Transfers</source>
        <translation>Transfers</translation>
    </message>
    <message>
        <source>Corrections</source>
        <translation>Corrections</translation>
    </message>
    <message>
        <source>Adjustments</source>
        <translation>Adjustments</translation>
    </message>
    <message>
        <source>Closing balance</source>
        <translation>Closing balance</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>Opening reading</source>
        <translation>Opening reading</translation>
    </message>
    <message>
        <source>Closing reading</source>
        <translation>Closing reading</translation>
    </message>
    <message>
        <source>Consumption</source>
        <translation>Consumption</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>From</source>
        <translation>From</translation>
    </message>
    <message>
        <source>To</source>
        <translation>To</translation>
    </message>
    <message>
        <source>Time zone</source>
        <translation>Time zone</translation>
    </message>
    <message>
        <source>Meters</source>
        <translation>Meters</translation>
    </message>
</context>
<context>
    <name>md::report::AlarmHistoryReport</name>
    <message>
        <source>Alarm history</source>
        <translation>Alarm history</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Account ID</source>
        <translation>Account ID</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Account</translation>
    </message>
    <message>
        <source>Tenant</source>
        <translation>Tenant</translation>
    </message>
    <message>
        <source>Utility</source>
        <translation>Utility</translation>
    </message>
    <message>
        <source>Meter ID</source>
        <translation>Meter ID</translation>
    </message>
    <message>
        <source>Meter</source>
        <translation>Meter</translation>
    </message>
    <message>
        <source>Room</source>
        <translation>Room</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>From</source>
        <translation>From</translation>
    </message>
    <message>
        <source>To</source>
        <translation>To</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>Balance</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>Detail</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>Events</translation>
    </message>
    <message>
        <source>Events: %1</source>
        <translation>Events: %1</translation>
    </message>
    <message>
        <source>Unconfirmed relay commands</source>
        <translation>Unconfirmed relay commands</translation>
    </message>
    <message>
        <source>Command ID</source>
        <translation>Command ID</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>Command</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Attempts</translation>
    </message>
    <message>
        <source>Requested</source>
        <translation>Requested</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Last error</translation>
    </message>
    <message>
        <source>Sent, not confirmed</source>
        <translation>Sent, not confirmed</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Failed</translation>
    </message>
</context>
<context>
    <name>md::report::ApportionmentReport</name>
    <message>
        <source>Public-area apportionment</source>
        <translation>Public-area apportionment</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Run</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>Request</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>Group</translation>
    </message>
    <message>
        <source>Meter</source>
        <translation>Meter</translation>
    </message>
    <message>
        <source>Utility</source>
        <translation>Utility</translation>
    </message>
    <message>
        <source>From</source>
        <translation>From</translation>
    </message>
    <message>
        <source>To</source>
        <translation>To</translation>
    </message>
    <message>
        <source>Consumption</source>
        <translation>Consumption</translation>
    </message>
    <message>
        <source>Run total</source>
        <translation>Run total</translation>
    </message>
    <message>
        <source>Account ID</source>
        <translation>Account ID</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Account</translation>
    </message>
    <message>
        <source>Tenant</source>
        <translation>Tenant</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>Weight</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>Transaction</source>
        <translation>Transaction</translation>
    </message>
    <message>
        <source>Left out</source>
        <translation>Left out</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>Runs</translation>
    </message>
    <message>
        <source>Total of the runs</source>
        <translation>Total of the runs</translation>
    </message>
    <message>
        <source>Pending requests</source>
        <translation>Pending requests</translation>
    </message>
</context>
<context>
    <name>md::report::ArrearsReport</name>
    <message>
        <source>Arrears and alarms</source>
        <translation>Arrears and alarms</translation>
    </message>
    <message>
        <source>Account ID</source>
        <translation>Account ID</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Account</translation>
    </message>
    <message>
        <source>Tenant</source>
        <translation>Tenant</translation>
    </message>
    <message>
        <source>Utility</source>
        <translation>Utility</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>Balance</translation>
    </message>
    <message>
        <source>Alarm 1 at</source>
        <translation>Alarm 1 at</translation>
    </message>
    <message>
        <source>Alarm 2 at</source>
        <translation>Alarm 2 at</translation>
    </message>
    <message>
        <source>Level key</source>
        <translation>Level key</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>Level</translation>
    </message>
    <message>
        <source>Forced on</source>
        <translation>Forced on</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>In arrears</source>
        <translation>In arrears</translation>
    </message>
    <message>
        <source>Alarm 2</source>
        <translation>Alarm 2</translation>
    </message>
    <message>
        <source>Alarm 1</source>
        <translation>Alarm 1</translation>
    </message>
</context>
<context>
    <name>md::report::ConsumptionReport</name>
    <message>
        <source>Consumption</source>
        <translation>Consumption</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Period</translation>
    </message>
    <message>
        <source>Meter ID</source>
        <translation>Meter ID</translation>
    </message>
    <message>
        <source>Meter</source>
        <translation>Meter</translation>
    </message>
    <message>
        <source>Room</source>
        <translation>Room</translation>
    </message>
    <message>
        <source>Room name</source>
        <translation>Room name</translation>
    </message>
    <message>
        <source>Building</source>
        <translation>Building</translation>
    </message>
    <message>
        <source>Building ID</source>
        <translation>Building ID</translation>
    </message>
    <message>
        <source>Utility</source>
        <translation>Utility</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Sharp</source>
        <translation>Sharp</translation>
    </message>
    <message>
        <source>Peak</source>
        <translation>Peak</translation>
    </message>
    <message>
        <source>Flat</source>
        <translation>Flat</translation>
    </message>
    <message>
        <source>Valley</source>
        <translation>Valley</translation>
    </message>
    <message>
        <source>Readings</source>
        <translation>Readings</translation>
    </message>
    <message>
        <source>From</source>
        <translation>From</translation>
    </message>
    <message>
        <source>To</source>
        <translation>To</translation>
    </message>
    <message>
        <source>Grouped by</source>
        <translation>Grouped by</translation>
    </message>
    <message>
        <source>Total %1</source>
        <translation>Total %1</translation>
    </message>
    <message>
        <source>Year-on-year and period-on-period comparison</source>
        <translation>Year-on-year and period-on-period comparison</translation>
    </message>
    <message>
        <source>Figure</source>
        <translation>Figure</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>Group</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>This period</source>
        <translation>This period</translation>
    </message>
    <message>
        <source>Previous period</source>
        <translation>Previous period</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Change</translation>
    </message>
    <message>
        <source>Change %</source>
        <translation>Change %</translation>
    </message>
    <message>
        <source>Same period last year</source>
        <translation>Same period last year</translation>
    </message>
    <message>
        <source>Change on last year</source>
        <translation>Change on last year</translation>
    </message>
    <message>
        <source>Change on last year %</source>
        <translation>Change on last year %</translation>
    </message>
    <message>
        <source>Previous period from</source>
        <translation>Previous period from</translation>
    </message>
    <message>
        <source>Previous period to</source>
        <translation>Previous period to</translation>
    </message>
    <message>
        <source>Last year from</source>
        <translation>Last year from</translation>
    </message>
    <message>
        <source>Last year to</source>
        <translation>Last year to</translation>
    </message>
</context>
<context>
    <name>md::report::Reconciliation</name>
    <message>
        <source>Account %1 (%2): opening and movements give %3, the closing balance is %4</source>
        <translation>Account %1 (%2): opening and movements give %3, the closing balance is %4</translation>
    </message>
    <message>
        <source>Reconciliation</source>
        <translation>Reconciliation</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>Sales</source>
        <translation>Sales</translation>
    </message>
    <message>
        <source>Refunds</source>
        <translation>Refunds</translation>
    </message>
    <message>
        <source>Corrections</source>
        <translation>Corrections</translation>
    </message>
    <message>
        <source>Net takings</source>
        <translation>Net takings</translation>
    </message>
    <message>
        <source>Wallet balances at the start</source>
        <translation>Wallet balances at the start</translation>
    </message>
    <message>
        <source>Wallet balances at the end</source>
        <translation>Wallet balances at the end</translation>
    </message>
    <message>
        <source>Change in wallet balances</source>
        <translation>Change in wallet balances</translation>
    </message>
    <message>
        <source>Revenue: %1</source>
        <translation>Revenue: %1</translation>
    </message>
    <message>
        <source>Service fees</source>
        <translation>Service fees</translation>
    </message>
    <message>
        <source>Manual adjustments given</source>
        <translation>Manual adjustments given</translation>
    </message>
    <message>
        <source>Accounted for</source>
        <translation>Accounted for</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>Difference</translation>
    </message>
    <message>
        <source>From</source>
        <translation>From</translation>
    </message>
    <message>
        <source>To</source>
        <translation>To</translation>
    </message>
    <message>
        <source>Balanced</source>
        <translation>Balanced</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>Problems</translation>
    </message>
</context>
<context>
    <name>md::report::ReportPeriod</name>
    <message>
        <source>A period needs a valid first and last day (YYYY-MM-DD)</source>
        <translation>A period needs a valid first and last day (YYYY-MM-DD)</translation>
    </message>
    <message>
        <source>The period ends (%1) before it begins (%2)</source>
        <translation>The period ends (%1) before it begins (%2)</translation>
    </message>
    <message>
        <source>The period is longer than %1 days</source>
        <translation>The period is longer than %1 days</translation>
    </message>
    <message>
        <source>The office time zone is not valid</source>
        <translation>The office time zone is not valid</translation>
    </message>
</context>
<context>
    <name>md::report::ReportTable</name>
    <message>
        <source>Internal error: column %1 added to report %2 after its rows</source>
        <translation>Internal error: column %1 added to report %2 after its rows</translation>
    </message>
    <message>
        <source>Internal error: report %1 has no column %2</source>
        <translation>Internal error: report %1 has no column %2</translation>
    </message>
    <message>
        <source>Internal error: a value of the wrong type for column %1 of report %2</source>
        <translation>Internal error: a value of the wrong type for column %1 of report %2</translation>
    </message>
    <message>
        <source>Internal error: report %1 has no summary value %2</source>
        <translation>Internal error: report %1 has no summary value %2</translation>
    </message>
</context>
<context>
    <name>md::report::RollupCheck</name>
    <message>
        <source>no rollup row; the readings give %1 readings, %2 used</source>
        <translation>no rollup row; the readings give %1 readings, %2 used</translation>
    </message>
    <message>
        <source>a rollup row without readings (%1 readings, %2 used)</source>
        <translation>a rollup row without readings (%1 readings, %2 used)</translation>
    </message>
    <message>
        <source>%1 stored %2, recomputed %3</source>
        <translation>%1 stored %2, recomputed %3</translation>
    </message>
    <message>
        <source>wallet_daily records no time zone (counters row %1)</source>
        <translation>wallet_daily records no time zone (counters row %1)</translation>
    </message>
    <message>
        <source>wallet_daily records an unknown time zone &quot;%1&quot;</source>
        <translation>wallet_daily records an unknown time zone &quot;%1&quot;</translation>
    </message>
    <message>
        <source>a stored row for a day without postings</source>
        <translation>a stored row for a day without postings</translation>
    </message>
    <message numerus="yes">
        <source>no stored row for a day with %n posting(s)</source>
        <translation>
            <numerusform>no stored row for a day with %n posting</numerusform>
            <numerusform>no stored row for a day with %n postings</numerusform>
        </translation>
    </message>
    <message>
        <source>stored vs recomputed: %1</source>
        <translation>stored vs recomputed: %1</translation>
    </message>
    <message>
        <source>a stored month without daily rows</source>
        <translation>a stored month without daily rows</translation>
    </message>
    <message>
        <source>no stored row for a month with daily rows</source>
        <translation>no stored row for a month with daily rows</translation>
    </message>
    <message>
        <source>%1 stored %2, summed from the days %3</source>
        <translation>%1 stored %2, summed from the days %3</translation>
    </message>
</context>
<context>
    <name>md::report::SalesReport</name>
    <message>
        <source>Sales</source>
        <translation>Sales</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Period</translation>
    </message>
    <message>
        <source>Cashier ID</source>
        <translation>Cashier ID</translation>
    </message>
    <message>
        <source>Cashier</source>
        <translation>Cashier</translation>
    </message>
    <message>
        <source>Refunds</source>
        <translation>Refunds</translation>
    </message>
    <message>
        <source>Corrections</source>
        <translation>Corrections</translation>
    </message>
    <message>
        <source>Net takings</source>
        <translation>Net takings</translation>
    </message>
    <message>
        <source>Recharges</source>
        <translation>Recharges</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>From</source>
        <translation>From</translation>
    </message>
    <message>
        <source>To</source>
        <translation>To</translation>
    </message>
    <message>
        <source>Time zone</source>
        <translation>Time zone</translation>
    </message>
</context>
<context>
    <name>md::report::ShiftReport</name>
    <message>
        <source>Shift report</source>
        <translation>Shift report</translation>
    </message>
    <message>
        <source>Channel key</source>
        <translation>Channel key</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Channel</translation>
    </message>
    <message>
        <source>Takings</source>
        <translation>Takings</translation>
    </message>
    <message>
        <source>Refunds</source>
        <translation>Refunds</translation>
    </message>
    <message>
        <source>Net</source>
        <translation>Net</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Cashier ID</source>
        <translation>Cashier ID</translation>
    </message>
    <message>
        <source>Cashier</source>
        <translation>Cashier</translation>
    </message>
    <message>
        <source>From</source>
        <translation>From</translation>
    </message>
    <message>
        <source>To</source>
        <translation>To</translation>
    </message>
    <message>
        <source>After transaction</source>
        <translation>After transaction</translation>
    </message>
    <message>
        <source>Through transaction</source>
        <translation>Through transaction</translation>
    </message>
    <message>
        <source>Receipts</source>
        <translation>Receipts</translation>
    </message>
    <message>
        <source>First receipt</source>
        <translation>First receipt</translation>
    </message>
    <message>
        <source>Last receipt</source>
        <translation>Last receipt</translation>
    </message>
</context>
<context>
    <name>md::storage::Database</name>
    <message>
        <source>The Qt SQL driver %1 is not installed (Debian: %2), so %3 cannot be opened</source>
        <translation>The Qt SQL driver %1 is not installed (Debian: %2), so %3 cannot be opened</translation>
    </message>
    <message>
        <source>Cannot open the database %1: %2</source>
        <translation>Cannot open the database %1: %2</translation>
    </message>
    <message>
        <source>The database %1 was not opened: %2</source>
        <translation>The database %1 was not opened: %2</translation>
    </message>
    <message>
        <source>SQLite runs with journal_mode=%1 and synchronous=%2, but a committed payment must survive a power cut: journal_mode=wal and synchronous=2 (FULL) are required (a network share or a read-only folder cannot provide them)</source>
        <translation>SQLite runs with journal_mode=%1 and synchronous=%2, but a committed payment must survive a power cut: journal_mode=wal and synchronous=2 (FULL) are required (a network share or a read-only folder cannot provide them)</translation>
    </message>
    <message>
        <source>SQLite would not enforce foreign keys (foreign_keys=%1)</source>
        <translation>SQLite would not enforce foreign keys (foreign_keys=%1)</translation>
    </message>
    <message>
        <source>SQLite busy_timeout is %1 ms, expected 5000</source>
        <translation>SQLite busy_timeout is %1 ms, expected 5000</translation>
    </message>
    <message>
        <source>the server did not report its settings</source>
        <translation>the server did not report its settings</translation>
    </message>
    <message>
        <source>the server did not accept a strict sql_mode (it has &quot;%1&quot;)</source>
        <translation>the server did not accept a strict sql_mode (it has &quot;%1&quot;)</translation>
    </message>
    <message>
        <source>the connection character set is %1, not utf8mb4: Chinese names would not be stored faithfully</source>
        <translation>the connection character set is %1, not utf8mb4: Chinese names would not be stored faithfully</translation>
    </message>
    <message>
        <source>the server has no InnoDB storage engine (transactions need it)</source>
        <translation>the server has no InnoDB storage engine (transactions need it)</translation>
    </message>
    <message>
        <source>the default storage engine is %1, not InnoDB</source>
        <translation>the default storage engine is %1, not InnoDB</translation>
    </message>
    <message>
        <source>the transaction isolation is %1, not REPEATABLE-READ</source>
        <translation>the transaction isolation is %1, not REPEATABLE-READ</translation>
    </message>
    <message>
        <source>the server does not write a commit to disk before confirming it (innodb_flush_log_at_trx_commit=%1; it must be 1), so a power cut could lose payments that were already confirmed. Set innodb_flush_log_at_trx_commit=1 in the server configuration</source>
        <translation>the server does not write a commit to disk before confirming it (innodb_flush_log_at_trx_commit=%1; it must be 1), so a power cut could lose payments that were already confirmed. Set innodb_flush_log_at_trx_commit=1 in the server configuration</translation>
    </message>
    <message>
        <source>the binary log is on but sync_binlog=%1 (it must be 1): after a crash the log and the data could disagree</source>
        <translation>the binary log is on but sync_binlog=%1 (it must be 1): after a crash the log and the data could disagree</translation>
    </message>
</context>
<context>
    <name>md::storage::DatabaseConfig</name>
    <message>
        <source>the SQLite URL names no file (expected sqlite:/path/to/file.db)</source>
        <translation>the SQLite URL names no file (expected sqlite:/path/to/file.db)</translation>
    </message>
    <message>
        <source>an in-memory SQLite database keeps nothing; name a file</source>
        <translation>an in-memory SQLite database keeps nothing; name a file</translation>
    </message>
    <message>
        <source>the MySQL URL is not valid: %1</source>
        <translation>the MySQL URL is not valid: %1</translation>
    </message>
    <message>
        <source>the MySQL port %1 is out of range (1 to 65535)</source>
        <translation>the MySQL port %1 is out of range (1 to 65535)</translation>
    </message>
    <message>
        <source>the MySQL URL must name one database after the host (mysql://user:password@host:port/database)</source>
        <translation>the MySQL URL must name one database after the host (mysql://user:password@host:port/database)</translation>
    </message>
    <message>
        <source>unknown MySQL URL option &quot;%1&quot; (only socket=PATH is known)</source>
        <translation>unknown MySQL URL option &quot;%1&quot; (only socket=PATH is known)</translation>
    </message>
    <message>
        <source>the MySQL URL names no host</source>
        <translation>the MySQL URL names no host</translation>
    </message>
    <message>
        <source>the MySQL URL names no user</source>
        <translation>the MySQL URL names no user</translation>
    </message>
    <message>
        <source>no database URL given</source>
        <translation>no database URL given</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is neither sqlite:/path/file.db nor mysql://user:password@host:port/database</source>
        <translation>&quot;%1&quot; is neither sqlite:/path/file.db nor mysql://user:password@host:port/database</translation>
    </message>
</context>
<context>
    <name>md::storage::Dialect</name>
    <message>
        <source>insertOrIgnore: &quot;%1&quot; is not a table name, or no columns given</source>
        <translation>insertOrIgnore: &quot;%1&quot; is not a table name, or no columns given</translation>
    </message>
    <message>
        <source>insertOrIgnore: &quot;%1&quot; is not a column name</source>
        <translation>insertOrIgnore: &quot;%1&quot; is not a column name</translation>
    </message>
    <message>
        <source>unknown placeholder {%1} in schema SQL: %2</source>
        <translation>unknown placeholder {%1} in schema SQL: %2</translation>
    </message>
</context>
<context>
    <name>md::storage::Migrator</name>
    <message>
        <source>The migration list is broken: version %1 where %2 was expected (versions must be 1, 2, 3, ... without gaps or repeats)</source>
        <translation>The migration list is broken: version %1 where %2 was expected (versions must be 1, 2, 3, ... without gaps or repeats)</translation>
    </message>
    <message>
        <source>Migration %1 has an empty statement</source>
        <translation>Migration %1 has an empty statement</translation>
    </message>
    <message>
        <source>Migration %1 (%2) of the database %3 was started but did not finish; the schema is half changed. Restore the backup taken before the upgrade, or complete the migration by hand</source>
        <translation>Migration %1 (%2) of the database %3 was started but did not finish; the schema is half changed. Restore the backup taken before the upgrade, or complete the migration by hand</translation>
    </message>
    <message>
        <source>The database %1 has schema version %2, but this program knows only up to %3: it was written by a newer MeterDesk. Install that version (or newer) instead of opening it with this one</source>
        <translation>The database %1 has schema version %2, but this program knows only up to %3: it was written by a newer MeterDesk. Install that version (or newer) instead of opening it with this one</translation>
    </message>
    <message>
        <source>Another program is migrating the database %1; try again later</source>
        <translation>Another program is migrating the database %1; try again later</translation>
    </message>
</context>
<context>
    <name>md::storage::MysqlRows</name>
    <message>
        <source>Out of memory for a statement: &quot;%1&quot;</source>
        <translation>Out of memory for a statement: &quot;%1&quot;</translation>
    </message>
    <message>
        <source>Could not prepare the statement</source>
        <translation>Could not prepare the statement</translation>
    </message>
    <message>
        <source>&quot;%1&quot; has %2 placeholders, %3 values given</source>
        <translation>&quot;%1&quot; has %2 placeholders, %3 values given</translation>
    </message>
    <message>
        <source>Could not bind the values</source>
        <translation>Could not bind the values</translation>
    </message>
    <message>
        <source>Could not run the statement</source>
        <translation>Could not run the statement</translation>
    </message>
    <message>
        <source>&quot;%1&quot; returns no rows</source>
        <translation>&quot;%1&quot; returns no rows</translation>
    </message>
    <message>
        <source>Could not bind the result</source>
        <translation>Could not bind the result</translation>
    </message>
    <message>
        <source>Could not read the result</source>
        <translation>Could not read the result</translation>
    </message>
    <message>
        <source>Could not fetch a row</source>
        <translation>Could not fetch a row</translation>
    </message>
    <message>
        <source>Column %1 of &quot;%2&quot; holds a number beyond 64 bits</source>
        <translation>Column %1 of &quot;%2&quot; holds a number beyond 64 bits</translation>
    </message>
    <message>
        <source>Could not fetch column %1</source>
        <translation>Could not fetch column %1</translation>
    </message>
    <message>
        <source>Column %1 of &quot;%2&quot; holds &quot;%3&quot;, not a whole number</source>
        <translation>Column %1 of &quot;%2&quot; holds &quot;%3&quot;, not a whole number</translation>
    </message>
</context>
<context>
    <name>md::storage::SqlQuery</name>
    <message>
        <source>Column %1 of &quot;%2&quot; holds &quot;%3&quot;, not a whole number</source>
        <translation>Column %1 of &quot;%2&quot; holds &quot;%3&quot;, not a whole number</translation>
    </message>
    <message>
        <source>Column %1 of &quot;%2&quot; is NULL where a number was expected</source>
        <translation>Column %1 of &quot;%2&quot; is NULL where a number was expected</translation>
    </message>
    <message>
        <source>&quot;%1&quot; returned no row</source>
        <translation>&quot;%1&quot; returned no row</translation>
    </message>
    <message>
        <source>&quot;%1&quot; gave no new row id</source>
        <translation>&quot;%1&quot; gave no new row id</translation>
    </message>
</context>
<context>
    <name>md::storage::StorageError</name>
    <message>
        <source>The database refused a statement: %1 (error %2)
Statement: %3</source>
        <translation>The database refused a statement: %1 (error %2)
Statement: %3</translation>
    </message>
</context>
<context>
    <name>md::storage::TransactionGuard</name>
    <message>
        <source>A transaction is already active on this connection; transactions do not nest</source>
        <translation>A transaction is already active on this connection; transactions do not nest</translation>
    </message>
    <message>
        <source>commit() without an active transaction</source>
        <translation>commit() without an active transaction</translation>
    </message>
</context>
</TS>
