<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>md::AccountSettingsStore</name>
    <message>
        <source>A tariff is required</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::AlarmPolicy</name>
    <message>
        <source>normal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>low balance (alarm 1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>very low balance (alarm 2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>arrears</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alarm thresholds must satisfy alarm 1 &gt;= alarm 2 &gt;= 0 (got alarm 1 = %1, alarm 2 = %2)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::Authenticator</name>
    <message>
        <source>Too many failed logins: %1 is locked for %2 minutes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrong operator name or password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is locked after too many failed logins until %2 UTC</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is deactivated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A password needs at least %1 characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The password must not be the operator name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The new password must differ from the old one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The current password is wrong</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An operator name is 1 to 64 letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos; (got &quot;%1&quot;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The operator name %1 is already in use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operator %1 does not exist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is the last active administrator</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::Billing</name>
    <message>
        <source>Bad billing state: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A reading has no valid time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A reading has a bad register %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The reading carries no register</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A reading in %1 cannot be billed with a tariff in %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The reading at %1 is not later than the previous one at %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The reading at %1 does not carry the same registers as the previous one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The %1 register went backwards from %2 to %3 at %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No tariff version is in effect at %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The tariff version of %1 has no price for the %2 register</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::Channel</name>
    <message>
        <source>cash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>WeChat Pay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alipay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bank transfer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>other</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::DeductionBatch</name>
    <message>
        <source>Internal error: a batch of deductions needs the caller&apos;s database transaction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Internal error: a batch of deductions was added to after it was written</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Internal error: a batch of deductions was written twice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Internal error: a batch of deductions posts %1, not zero</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::Ledger</name>
    <message>
        <source>An idempotency key of 1 to %1 characters is required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The amount must be greater than zero (got %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Internal error: transaction postings sum to %1, not zero</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key %1 was already used for a different operation; nothing was done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account %1 does not exist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account %1 is closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An account number of 1 to 64 characters is required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account number %1 is already in use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The service fee %1 must be at least zero and less than the payment %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The balance would be %1, over the cap of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot refund %1: the balance is %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A transfer needs two different wallets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot transfer %1: the balance is %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transaction %1 does not exist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transaction %1 (%2) cannot be reversed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transaction %1 was already reversed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An adjustment of zero changes nothing</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::MeterImport</name>
    <message>
        <source>a nameplate number has 1 to 64 characters without surrounding spaces</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a bus name (as in the service configuration) of 1 to 64 characters is required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a Modbus address is a unit id from 1 to 247</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown Modbus register map (see docs/meters.md)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a DL/T 645 address is the 12 digits on the nameplate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a CJ/T 188 address is the 14 digits on the nameplate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the protocol is modbus, dlt645 or cjt188</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a register map name has at most 64 characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the maximum rate cannot be negative</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a quoted field is not closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the text is empty: a header row and one row per meter are expected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown column (the columns are %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the column appears twice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the required column is missing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>there are no meters after the header row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 fields where the header has %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the utility is electricity, water or heat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the maximum rate is a whole number of W (electricity) or L/h (water), 0 for none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the options are a JSON object, e.g. {&quot;&quot;password&quot;&quot;:&quot;&quot;000000&quot;&quot;} in CSV quoting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the installation time is an ISO date or time, e.g. 2026-03-01 or 2026-03-01T08:00:00Z</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a meter with this nameplate is already in the registry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the same nameplate is on line %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>meter %1 already has this address on bus %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the same bus and address are on line %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::MeterRegistry</name>
    <message>
        <source>A meter needs a nameplate number of 1 to 64 characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Meter %1 needs a bus</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Meter %1 needs a bus address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Meter %1: unknown protocol &quot;%2&quot; (modbus, dlt645 or cjt188)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Meter %1: the maximum rate cannot be negative</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Meter %1 needs an installation time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no meter %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::Money</name>
    <message>
        <source>Amount out of range</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::PasswordHasher</name>
    <message>
        <source>The cryptography library could not start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not enough memory to hash a password</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::Plausibility</name>
    <message>
        <source>The reading at %1 is not later than the previous one at %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Register %1 went backwards from %2 to %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Register %1 rose by %2 in %3 s, more than the meter&apos;s maximum rate allows (%4)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The meter&apos;s counters restarted (reset or rollover): not billed, new baseline</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::PropertyStore</name>
    <message>
        <source>site</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>building</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>room</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A %1 code has 1 to 64 characters without leading or trailing spaces (got &quot;%2&quot;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A %1 code cannot contain &quot;/&quot; (got &quot;%2&quot;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A %1 name has 1 to 191 characters (got &quot;%2&quot;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The area of room %1 cannot be negative</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Floor %1 of room %2 is not a floor (-20 to 300)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is already a %1 with the code &quot;%2&quot; here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is already a %1 named &quot;%2&quot; here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no %1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a room path: site/building/unit/room codes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Several rooms have the code %1 (%2): give the path site/building/unit/room</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no room %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Room %1 is rented by the open account %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::ProtectedTimes</name>
    <message>
        <source>A protected window must be [&quot;HH:mm&quot;, &quot;HH:mm&quot;] (got %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A holiday must be a date yyyy-MM-dd (got &quot;%1&quot;)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::Quantity</name>
    <message>
        <source>Quantities in %1 and %2 cannot be combined</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quantity out of range</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::Rate</name>
    <message>
        <source>sharp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>peak</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>flat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>valley</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::ReadingIngestor</name>
    <message>
        <source>There is no meter %1 in the registry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A reading of meter %1 has no time or no registers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account %1 has no collection settings (tariff, thresholds)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A reading of meter %1 is ingested into the caller&apos;s transaction, but none is active</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::ReadingsCsv</name>
    <message>
        <source>The file is not valid UTF-8 text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expected 3 fields &quot;timestamp,register,value&quot;, found %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an ISO 8601 timestamp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown register &quot;%1&quot; (expected total, sharp, peak, flat or valley)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a meter reading (a number &gt;= 0 with at most 3 decimals)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The %1 register appears twice at %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The timestamp %1 is earlier than the line before</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the file: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::RelayCommandLog</name>
    <message>
        <source>A relay command is either on or off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no relay command %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::Role</name>
    <message>
        <source>Cashier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Manager</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Engineer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Auditor</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::ServiceConfig</name>
    <message>
        <source>%1 must be a whole number from %2 to %3 (got &quot;%4&quot;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 must be yes or no (got &quot;%2&quot;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 needs a file path</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown key &quot;%1&quot; in [%2]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>[database] needs url = sqlite:FILE or mysql://...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>listen must be an IP address, localhost or any (got &quot;%1&quot;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No PEM certificate could be read from %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the key file %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 holds no unencrypted RSA or EC private key in PEM form</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TLS needs both tls_certificate and tls_key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Listening on %1 without TLS would send passwords in clear text over the network: set tls_certificate and tls_key (or allow_plaintext_lan = yes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the configuration file: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown section [%1]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Section [%1] appears twice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The configuration needs a [database] section with url = ...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>office_time_zone must be a time zone name like Asia/Shanghai (got &quot;%1&quot;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A bus section is [bus NAME], one word (got [%1])</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 must be one of %2 (got &quot;%3&quot;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>device needs the serial port, like /dev/ttyUSB0 or COM3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>[%1] needs device = the serial port</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::TariffFile</name>
    <message>
        <source>The file is not valid UTF-8 text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A section header must look like [name]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expected &quot;key = value&quot;, a [section] or a comment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid key name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; appears before any [section]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duplicate key &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The id must be letters, digits, &quot;-&quot;, &quot;_&quot; or &quot;.&quot; (got &quot;%1&quot;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown utility &quot;%1&quot; (expected electricity, water or heat)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown time zone &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown key &quot;%1&quot; in [tariff]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>[tariff] needs an id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>[tariff] needs a utility (electricity, water or heat)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown unit &quot;%1&quot; (expected kWh, m3 or GJ)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The unit %1 does not measure %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown section [%1] (expected [tariff] or [version])</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only one [tariff] section is allowed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>[tariff] must come before the first [version]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Versions must be in increasing order of their effective date (%1 is not after %2 on line %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file has no [tariff] section</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file has no [version] section</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the file: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>[version] needs an effective date (effective = YYYY-MM-DD)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A ladder needs tier-basis = month or year</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tier-year-start only applies to tier-basis = year</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an amount in yuan with at most 2 decimals</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 must not be negative</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a quantity with at most 3 decimals</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a date (YYYY-MM-DD)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown tier-basis &quot;%1&quot; (expected none, month or year)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a day of the year (MM-DD)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At most %1 tiers are allowed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tier bounds must be positive and increasing (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At most 4 rates are allowed (sharp, peak, flat, valley)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown rate &quot;%1&quot; (expected sharp, peak, flat or valley)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The rate %1 is listed twice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>balance-cap must be more than zero (leave it out for no cap)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown rounding &quot;%1&quot; (expected half-up, half-even, down or up)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown key &quot;%1&quot; in [version]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a percentage between 0% and 100% with at most 2 decimals</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A period looks like &quot;06:00-22:00 peak&quot; (got &quot;%1&quot;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a time range within the day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The period %1 is empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At most %1 periods a day are allowed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time-of-use rates need period lines that cover the day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The rate %1 is not listed in rates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This period overlaps the period on line %1 at %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The periods leave %1-%2 uncovered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The rate %1 has no period</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown rate &quot;%1&quot; in %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duplicate prices for the rate %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 needs %2 price(s), one per tier; found %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a price in yuan with at most 4 decimals</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Negative price %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The [version] on this line has no price.%1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::TariffStore</name>
    <message>
        <source>There is no tariff &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::Utility</name>
    <message>
        <source>electricity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>water</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>heat</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::api</name>
    <message>
        <source>There is no account numbered %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account %1 does not exist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parameter &quot;limit&quot;: from 1 to 500</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key %1 was already used for a different request; nothing was done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The amount must be greater than zero (got %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transaction %1 does not exist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An adjustment of zero changes nothing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request line is longer than %1 bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database refused the operation: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Internal error: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TLS is configured but no TLS library is available</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot listen on %1 port %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The stored request has no valid %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown request kind %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no request %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request %1 is already %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A request must be approved by another operator than the one who made it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request %1 was decided meanwhile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request %1 was already carried out (approve it again to complete it)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parameter &quot;status&quot;: pending, approved or rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parameter &quot;limit&quot;: from 1 to 1000</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The line is not valid JSON: %1 at byte %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Batch requests are not supported: send one object per line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A request must be a JSON object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A request needs an &quot;id&quot; (notifications are not accepted)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;id&quot; must be a string or an integer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;jsonrpc&quot; must be &quot;2.0&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;method&quot; must be a non-empty string</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;params&quot; must be an object (named parameters)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown member &quot;%1&quot; in the request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parameter &quot;%1&quot;: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no receipt number %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parameter &quot;role&quot;: must be cashier, manager, engineer, administrator or auditor (got &quot;%1&quot;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parameter &quot;active&quot;: true or false is required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a non-empty string is required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be a string</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an integer is required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be an integer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be true or false</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an amount in yuan as a string is required, e.g. &quot;100.00&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an amount must be a string of yuan with at most two decimals, e.g. &quot;100.00&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an amount in yuan with at most two decimals</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be electricity, water or heat (got &quot;%1&quot;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be cash, wechat, alipay, bank-transfer, card or other (got &quot;%1&quot;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an idempotency key has at most 128 characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parameter &quot;%1&quot;: a list of meter ids</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At most 10000 meters at once</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no bus named %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Meter %1 is not on a bus this service reads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no installed meter %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Meter %1 belongs to no account: only trip and close apply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account %1 has no tariff and thresholds for %2 yet (account.configure)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parameter &quot;action&quot;: one of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parameter &quot;protocol&quot;: modbus or broadcast</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parameters &quot;first&quot; and &quot;last&quot;: unit ids from 1 to 247, first ≤ last</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this service reads no bus named %1 (it has %2): the meter is not read until the bus is configured</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no meter %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no room %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parameter &quot;%1&quot;: an ISO 8601 time, e.g. 2026-03-01T08:00:00Z (got &quot;%2&quot;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Meter %1 already has the nameplate %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Meter %1 (%2) already has the address %3 on bus %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Meter %1 was removed; its record is kept as history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Meter %1 bills account %2&apos;s %3 wallet: its utility cannot change while it is assigned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Meter %1 was already removed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Meter %1 cannot be removed before it was installed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no meter with the nameplate %1</source>
        <translation type="unfinished"></translation>
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
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parameter &quot;%1&quot;: the %2 register is a decimal string of %3 with at most three decimals, e.g. &quot;1234.56&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parameter &quot;%1&quot;: the total register is required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parameter &quot;%1&quot; is required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Meter %1 went back from %2 to %3 %4 at %5 (a counter reset), but its final reading, %6 %4, continues from %2: the readings since %5 are most likely its successor&apos;s, read under its address before the swap was recorded. They must be sorted out before the swap; nothing was changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The swap at %1 is not after meter %2&apos;s last reading at %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The final reading of meter %1 lacks its %2 register (last read %3 %4)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The final %1 reading of meter %2, %3 %4, is below its last reading, %5 %4 at %6</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parameter &quot;new_meter&quot;: &quot;%1&quot; is not set here: the new meter takes the old one&apos;s account and room and is installed at the swap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Meter %1 measures %2: its successor must measure %2 too (got &quot;%3&quot;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The swap at %1 is in the future (now %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Meter %1 was already removed at %2: there is nothing to swap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Meter %1 cannot be swapped before it was installed (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The final reading of meter %1 cannot be billed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be a list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be a JSON object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only rooms have a floor and an area</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parameter &quot;area&quot;: square metres as a string with at most two decimals, e.g. &quot;35.50&quot; (got &quot;%1&quot;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no %1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parameter &quot;rooms&quot;: a list of room ids is required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account %1 is closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a time zone (e.g. Asia/Shanghai)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a day as YYYY-MM-DD is required (got &quot;%1&quot;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a time as YYYY-MM-DDTHH:MM[:SS][Z|+08:00] is required (got &quot;%1&quot;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be day, month or year (got &quot;%1&quot;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A cashier may only see their own shifts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>there is no shift close %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>give from and to, or shift_close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must not be before from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be alarm1, alarm2 or arrears (got &quot;%1&quot;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no tariff &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parameter &quot;text&quot;: a tariff file of at most 256 KiB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This service reads no meters: its configuration names no [bus]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be meter, room, building or utility (got &quot;%1&quot;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>consumption is rolled up by the office&apos;s days; a time zone cannot be chosen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be consumption or sales (got &quot;%1&quot;)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::api::ApiClient</name>
    <message>
        <source>TLS connection to %1:%2 failed: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot connect to %1:%2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The service closed the connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No answer from the service within %1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot send to the service: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::api::ApiFailure</name>
    <message>
        <source>The service at %1:%2 cannot be reached (%3). Is meterdeskd running, and is the address right?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connection to the service was lost and could not be restored.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The service did not answer in time.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::api::ApiService</name>
    <message>
        <source>There is no method %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log in first (session.login)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The session expired after %1 idle minutes; log in again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This operator was deactivated; the session has ended</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change the one-time password first (session.change_password)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The role %1 may not call %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::api::AuditVerifier</name>
    <message>
        <source>Record %1 is missing (the next record is %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record %1 does not follow record %2: its previous-hash differs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record %1 was changed: its content does not match its hash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The chain head is missing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Records %1 to %2 are missing at the end of the log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record %1 is beyond the chain head (the log ends at record %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record %1 does not match the chain head</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::api::ServiceClient</name>
    <message>
        <source>no answer to the connection attempt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a call got no answer in time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Logging in…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection lost, reconnecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the service closed the connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1; next attempt in %2 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the connection was dropped</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::app::AccountDetailWindow</name>
    <message>
        <source>Account %1 — detail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wallet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Balance (yuan)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a transaction to read how it came about.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Older transactions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Meter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alarm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Relay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last reading</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read at</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Command</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requested</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirmed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Relay commands of the selected meter (newest first):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Balances</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Ledger</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;onsumption</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Meters and relays</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;fund…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close &amp;account…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Co&amp;rrect selected…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refres&amp;h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filed as a request: a different manager approves it before anything moves.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only a cashier or a manager may file refunds, closings and corrections.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1  %2  %3  — %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The account is closed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>trip (off)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>close (on)</source>
        <translation type="unfinished"></translation>
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
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Consumption</source>
        <translation type="unfinished"></translation>
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
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account detail (F6)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select an account on the Accounts tab first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approvals (F7)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pending refunds, closings and corrections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only managers and auditors see the approval requests.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>alarm 1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>alarm 2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>arrears</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::app::AccountModel</name>
    <message>
        <source>Opened, normal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alarm 1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alarm 2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Arrears</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not opened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forced on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tenant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Electricity (yuan)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Water (yuan)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Heat (yuan)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::app::AppRoot</name>
    <message>
        <source>Property management office</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the receipt form %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Receipt form</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1
The plain layout is used.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::app::ApprovalModel</name>
    <message>
        <source>Request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requested by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requested at</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::app::ApprovalsWindow</name>
    <message>
        <source>Approvals — pending requests</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note (a reason is required to reject)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Note:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Approve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;ject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only a manager may approve or reject requests.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your role may not see the approval requests.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approving request %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rejecting request %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request %1 approved: transaction %2, %3 yuan, balance %4 → %5.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request %1 rejected.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::app::BatchDialog</name>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Batch operations</source>
        <translation type="unfinished"></translation>
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
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirm and send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%v of %m settled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Meter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A tenant&apos;s meter keeps the order until it is changed: the service sends it and confirms it by reading the relay back, and retries a meter that does not answer. A meter already as ordered may need no command; the Relay column of the grid shows what each meter reads back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retry failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, </source>
        <translation type="unfinished"></translation>
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
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 confirmed, %2 waiting for the meters, %3 refused, %4 failed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::app::BatchRun</name>
    <message>
        <source>Force on (keep supplied whatever the balance)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore prepaid (the balance decides again)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trip (cut the supply)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close (restore the supply)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accepted, waiting for the meter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not confirmed yet, retrying</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirmed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The service did not answer for this meter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The meter did not confirm the command</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::app::ChangePasswordDialog</name>
    <message>
        <source>Change your password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You logged in with a one-time password. Choose your own (at least 8 characters).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New password:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Repeat:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::app::LedgerModel</name>
    <message>
        <source>Opening</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recharge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deduction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refund</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Closing settlement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Correction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adjustment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Electricity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Water</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Heat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This transaction has an explanation: select it to read it below.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (reverses #%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wallet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Balance before</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Balance after</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transaction %1 — %2, %3 wallet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amount: %1 yuan; balance %2 → %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At: %1; operator %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Receipt: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reverses transaction %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memo: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Explanation (readings, tier or segment lines, prices):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No further explanation was recorded for this transaction.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::app::LoginDialog</name>
    <message>
        <source>MeterDesk — log in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Service:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Operator:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Log in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type the service address as HOST:PORT, e.g. 127.0.0.1:7420.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type your operator name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The one-time password must be changed before you can work.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrong operator name or password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This operator is locked after too many failed logins. Wait, or ask an administrator to reset the password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This operator is deactivated. Ask an administrator.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::app::MainWindow</name>
    <message>
        <source>MeterDesk front desk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search account number, tenant or phone (Ctrl+F); Enter looks up an account number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Desk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recharge (F2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open account (F3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reprint receipt… (F4)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reprint receipt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print preview… (Ctrl+P)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print preview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save receipt as PDF… (Ctrl+S)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save receipt as PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reconnect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 @ %2:%3 — %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Receipt number:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accounts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Meters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reports</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::app::MakerRequestDialog</name>
    <message>
        <source>Account:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refund (request for approval)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Yuan, e.g. 20.50</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Amount:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Wallet:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close account with settlement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The wallets are settled: a positive total is paid out after a second manager approves; arrears are collected at once and the account closes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Correction (request for approval)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Transaction to reverse:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Channel:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Memo:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Close account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Submit for approval</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only a cashier or a manager may file this request.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the number of the transaction to reverse.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request %1 is PENDING APPROVAL: a different manager must approve it in the approvals view. Nothing has been paid or posted yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done: the account is closed (transaction %1, %2 yuan).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::app::MeterModel</name>
    <message>
        <source>%1, account %2, phone %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Room</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tenant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Meter number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Utility</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Balance (yuan)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last reading</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Relay</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::app::MeterPane</name>
    <message>
        <source>All meters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search room, tenant, phone or meter number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Batch operations…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export to Excel…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported to %1 (%2 ms)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Force on, restore prepaid, trip or close the selected meters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only a manager may switch meters remotely</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 meters shown, %3 selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select the meters first (Ctrl or Shift and click for several)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>meters-%1.xlsx</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export meters to Excel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::app::MeterRow</name>
    <message>
        <source>Electricity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Water</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Heat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forced on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (ordered %2)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::app::MeterXlsxExport</name>
    <message>
        <source>Room</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tenant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Meter number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Utility</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Balance (yuan)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last reading</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Relay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot create %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Meters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::app::OpenAccountDialog</name>
    <message>
        <source>Open an account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. 3-1202 (building-room)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional first recharge, yuan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Account number:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Tenant:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Phone:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First &amp;recharge:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Channel:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The account number and the tenant are needed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type the first recharge in yuan, more than zero, at most two decimals (or leave it empty).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opening…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recharging…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::app::PropertyTreeModel</name>
    <message>
        <source>%1 — %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Property</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Meters</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::app::ReceiptActions</name>
    <message>
        <source>Receipt %1 reprinted as %2 (%3).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Receipt %1 saved as %2.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::app::ReceiptPrinter</name>
    <message>
        <source>Receipt form</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The printer %1 cannot be opened.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file %1 cannot be written.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::app::RechargeDialog</name>
    <message>
        <source>Recharge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account number, then Enter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Yuan, e.g. 100 or 88.50</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Account:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tenant:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A&amp;mount:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Channel:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirm and print (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Looking up %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — balance ¥%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The account %1 is closed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type the amount in yuan, more than zero, at most two decimals.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2: ¥%3 by %4
Balance ¥%5  →  ¥%6</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter to confirm, Esc to cancel.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Posting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recharged: balance ¥%1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 Receipt %2 printed (%3).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::app::ReportData</name>
    <message>
        <source>The report has a column of an unknown type &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The report has no columns.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The report&apos;s value &quot;%1&quot; in column &quot;%2&quot; cannot be read.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::app::ReportPrinter</name>
    <message>
        <source>Page %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Period: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generated: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operator: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file %1 cannot be written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The printer %1 cannot be opened.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::app::ReportRequest</name>
    <message>
        <source>%1 to %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>by year</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>by month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>by day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>by cashier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sales (daily/monthly/yearly)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account ledger (opening/closing)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shift takings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Arrears and alarms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reconciliation</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::app::ReportXlsxExport</name>
    <message>
        <source>Cannot create %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::app::ReportsPane</name>
    <message>
        <source>Today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This year</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>By day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>By month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>By year</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>By cashier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alarm 1 and worse</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alarm 2 and worse</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In arrears only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run report (F5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Report:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Period:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bar chart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Line chart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export to Excel…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save as PDF…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chart:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Asking the service for the report…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The report could not be made: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The period ends before it begins.</source>
        <translation type="unfinished"></translation>
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
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved as %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export report to Excel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save report as PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::app::StateLegend</name>
    <message>
        <source>Legend:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::app::TrainingBanner</name>
    <message>
        <source>TRAINING MODE — simulated meters, no real money</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This service runs as a practice installation ([service] training = yes): its meters are simulated and its accounts and receipts are not the office&apos;s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — TRAINING</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::cli</name>
    <message>
        <source>%1 needs a value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown option: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Both --tariff and --readings are needed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Usage: meterdeskd bill --tariff FILE --readings FILE [--json] [--timezone TZ]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bills a meter&apos;s reading history (CSV: timestamp,register,value) with a tariff file and prints every deduction with its breakdown and the totals. --timezone replaces the tariff&apos;s office time zone (time-of-use periods, months, timestamps without an offset).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown time zone &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file has no readings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>free allowance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fixed monthly charge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tariff %1 (%2): %3, %4, time zone %5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Baseline %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deduction %1: %2 to %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>readings: %1 -&gt; %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>share: version %1, period %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>month %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>register %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>segment %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2 over %3 h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 tier %2 %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2 x %3 = %4 (so far %5 %2: %6 -&gt; %7, %8)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>deduction total: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Totals</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tier %1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>total: %1 %2, %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bill a reading history with a tariff file and explain every deduction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Usage: meterdeskd COMMAND [OPTIONS]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Commands:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown command: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Usage: meterdeskd decode [--protocol modbus-rtu|dlt645|dlt645-1997|cjt188] [--map acrel-ddsy1352|eastron-sdm120|md-prepaid] HEX...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decodes captured meter frames and prints one JSON object per frame. Spaces, colons and 0x in the hex are accepted; without --protocol it is detected. Exits with 1 when a frame is invalid, 2 on a usage error.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>decode captured meter frames (Modbus RTU, DL/T 645, CJ/T 188) to JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown protocol &apos;%1&apos; (modbus-rtu, dlt645, dlt645-1997, cjt188)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown register map &apos;%1&apos; (acrel-ddsy1352, eastron-sdm120, md-prepaid)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not a hex string: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no %1 frame found in %n byte(s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%n byte(s) outside frames skipped (wake-up bytes or noise)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the operation log&apos;s hash chain (--database URL or --config FILE)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Usage: meterdeskd audit-verify (--database URL | --config FILE)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The operation log is intact: %1 records</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>BROKEN at record %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Usage: meterdeskd call --user NAME [--host H] [--port P] [--tls [--ca FILE] [--peer-name NAME]]
                       [--password-file FILE | --password-stdin] METHOD [JSON-PARAMS]
The password is read from MD_API_PASSWORD unless a password option is given.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--port must be 1 to 65535 (got %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No PEM certificate could be read from %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The parameters must be one JSON object: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No password: set MD_API_PASSWORD or use --password-file / --password-stdin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log in to the service and call one API method with JSON params</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>error %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Usage: meterdeskd serve --config FILE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First run: created the operator &quot;admin&quot; with the one-time password %1 (it must be changed at the first login and is not shown again)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MeterDesk service listening on %1 port %2 (%3), database %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TLS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>plain TCP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MeterDesk service stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training data (meterdeskd seed-demo)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>seed-demo fills an empty database only: this one already has rows in &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No *.tariff files in %1 (give --tariffs DIR: the product&apos;s resources/tariffs)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opening balance (training data)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fill an empty database with the demo office (--config FILE | --database URL, --tariffs DIR)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Usage: meterdeskd seed-demo (--config FILE | --database URL) --tariffs DIR</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo office written in %1 ms: %2 rooms, %3 meters, %4 accounts, %5 tariffs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created the operator &quot;admin&quot; with the one-time password %1 (it must be changed at the first login and is not shown again)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo operator &quot;%1&quot; (%2), password %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run the service: the API and the meter buses of the configuration (--config FILE)</source>
        <translation type="unfinished"></translation>
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
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Usage: meterdeskd verify-rollups (--config FILE | --database URL [--time-zone ZONE])</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recompute the daily meter rollups from the readings and list mismatches</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not a time zone: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MISMATCH meter %1 (%2) day %3: %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 meters, %2 readings, %3 meter-days checked in %4 ms: %5 mismatches</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::collection::BusManager</name>
    <message>
        <source>bus &quot;%1&quot; is configured twice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>meter %1 names bus &quot;%2&quot;, which is not configured</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>meter id %1 appears twice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>meter %1 is on no configured bus</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>meter %1 is on no bus of this service</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::collection::BusWorker</name>
    <message>
        <source>bus %1 uses the Qt Modbus transport but meter %2 speaks %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>meter %1 is not on bus %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bus %1 is not open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the meter reports %1 after the command</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the meter counts %1 purchases, not %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the meter reads %1 = %2 after the write of %3</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::collection::Cjt188Driver</name>
    <message>
        <source>unexpected value %1 = %2 %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>answer has no cumulative register</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CJ/T 188 valves have no force-on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>meter refused the valve command</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>meter answered abnormally</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>answer is for another data identifier</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::collection::CollectionService</name>
    <message>
        <source>meter %1 is not on a bus this service reads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the tariff %1 is not a single flat price</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>meter %1 keeps no settings the service knows (map %2)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::collection::Dlt645Driver</name>
    <message>
        <source>unexpected value %1 = %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DL/T 645-1997 meters have no relay command</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>answer is not a relay answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>meter refused: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>answer is not a read answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>answer is for another data identifier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>status word of %1 bytes</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::collection::EndpointMapper</name>
    <message>
        <source>Meter %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>option %1 must be %2 hex digits as printed (got &quot;%3&quot;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>option %1 must be true or false</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a Modbus address is a unit id from 1 to 247 (got &quot;%1&quot;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown Modbus register map &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a DL/T 645 address is the 12 digits on the nameplate (got &quot;%1&quot;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>option password_level must be 0 to 9</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a CJ/T 188 address is the 14 digits on the nameplate (got &quot;%1&quot;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>option type must be cold-water, hot-water or gas (got &quot;%1&quot;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>option di_order must be high-first or low-first (got &quot;%1&quot;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown protocol &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::collection::MeterDriver</name>
    <message>
        <source>meter %1 keeps no balance of its own</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown Modbus register map &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>meter %1 has no setting %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::collection::MeterLink</name>
    <message>
        <source>no answer within %1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>answer failed its checksum</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>answer came from another address</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::collection::ModbusDriver</name>
    <message>
        <source>register %1 is not a quantity: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>map %1 has no relay register</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>meter refused: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>answer does not echo the relay write</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>answer is not a Modbus frame</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>answer has %1 registers of function %2, asked %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>answer does not echo the write of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no value of %1 in the answer</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::collection::QtModbusTransport</name>
    <message>
        <source>cannot open bus %1 (%2): %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bus %1 carries Modbus RTU only</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::collection::SerialBusTransport</name>
    <message>
        <source>cannot open bus %1 (%2): %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot set the line parameters of bus %1 (%2): %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bus %1 is not open</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::protocol</name>
    <message>
        <source>frame too short for CJ/T 188 (at least 13 bytes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>start byte is not 68</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>length byte %1 is above the standard&apos;s limit of 100</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>length byte says %1 data bytes, frame has %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>checksum mismatch: computed %1, frame has %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>end byte is %1, not 16</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>meter data of %1 bytes does not fit the %2 layout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DI bytes sent low byte first (%1 %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>abnormal answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the meter refused the request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>read data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>read address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>valve control</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>write data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>function %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>read answer shorter than its data identifier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>data identifier not in our table: data shown as sent (BCD digits)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>more frames follow (D5 set)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>broadcast time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>relay control</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>relay command needs 16 data bytes, frame has %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>read holding registers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>read input registers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>write single register</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>write multiple registers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no matching request before this answer: registers numbered from 0</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>register map: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a write-single answer echoes its request: the bytes are identical</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 needs %2 data bytes, frame has %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not valid BCD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 block: %2 data bytes is not a multiple of %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>other error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no requested data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>password wrong or not authorised</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>baud rate cannot be changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>too many yearly time zones</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>too many daily time slots</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>too many tariffs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reserved bit 7</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>frame too short for DL/T 645 (at least 12 bytes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>start bytes are not 68 at positions 1 and 8</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a single hex digit before position %1: every byte needs two digits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;%1&apos; at position %2 is not a hex digit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>odd number of hex digits: every byte needs two digits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>frame too short for Modbus RTU (at least 5 bytes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CRC mismatch: computed %1 %2, frame has %3 %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>slave address %1 is outside 0-247</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>function %1 is not one of 03, 04, 06, 16</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>exception response must be 5 bytes, not %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>register count %1 is outside 1-125</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>length %1 fits neither a read request nor its response</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>write-single frame must be 8 bytes, not %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>register count %1 is outside 1-123</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>write-multiple byte count does not match %1 registers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>illegal function</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>illegal data address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>illegal data value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>slave device failure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>acknowledge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>slave device busy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>memory parity error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>gateway path unavailable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>gateway target device failed to respond</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>exception code %1</source>
        <translation type="unfinished"></translation>
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
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>font_pt must be a whole number from 6 to 36</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown key &quot;%1&quot; in [paper]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown receipt field &quot;%1&quot; (known: %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a field position is &quot;X_MM, Y_MM&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown section [%1] (known: paper, fields)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the paper must be at least 50 × 50 mm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the margins leave no room on the paper</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the field &quot;%1&quot; is placed off the paper</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::receipt::ReceiptLayout</name>
    <message>
        <source>Cash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>WeChat Pay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alipay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bank transfer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bank card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Electricity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Water</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Heat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refund receipt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prepayment receipt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Receipt No.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date and time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tenant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Room</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Meter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Utility</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amount in words</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RMB %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service fee</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Balance before</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Balance after</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last reading</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cashier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memo</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::receipt::ReceiptRecord</name>
    <message>
        <source>the receipt record has no valid &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::report::AccountLedgerReport</name>
    <message>
        <source>Account ledger</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tenant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Utility</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opening balance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recharges</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deductions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refunds and settlements</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transfers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Corrections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adjustments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Closing balance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opening reading</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Closing reading</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Consumption</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time zone</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::report::AlarmHistoryReport</name>
    <message>
        <source>Alarm history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tenant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Utility</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Meter ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Meter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Room</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Balance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Events: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unconfirmed relay commands</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Command ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Command</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requested</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent, not confirmed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::report::ArrearsReport</name>
    <message>
        <source>Arrears and alarms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tenant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Utility</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Balance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alarm 1 at</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alarm 2 at</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Level key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Level</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forced on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In arrears</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alarm 2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alarm 1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::report::ConsumptionReport</name>
    <message>
        <source>Consumption</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Period</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Meter ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Meter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Room</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Room name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Building</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Building ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Utility</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sharp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Peak</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Flat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Valley</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Readings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Grouped by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Year-on-year and period-on-period comparison</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Figure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This period</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous period</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Same period last year</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change on last year</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change on last year %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous period from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous period to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last year from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last year to</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::report::Reconciliation</name>
    <message>
        <source>Account %1 (%2): opening and movements give %3, the closing balance is %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reconciliation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Description</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sales</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refunds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Corrections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Net takings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wallet balances at the start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wallet balances at the end</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change in wallet balances</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revenue: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service fees</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Manual adjustments given</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accounted for</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Difference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Balanced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Problems</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::report::ReportPeriod</name>
    <message>
        <source>A period needs a valid first and last day (YYYY-MM-DD)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The period ends (%1) before it begins (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The period is longer than %1 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The office time zone is not valid</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::report::ReportTable</name>
    <message>
        <source>Internal error: column %1 added to report %2 after its rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Internal error: report %1 has no column %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Internal error: a value of the wrong type for column %1 of report %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Internal error: report %1 has no summary value %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::report::RollupCheck</name>
    <message>
        <source>no rollup row; the readings give %1 readings, %2 used</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a rollup row without readings (%1 readings, %2 used)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 stored %2, recomputed %3</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::report::SalesReport</name>
    <message>
        <source>Sales</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Period</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cashier ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cashier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refunds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Corrections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Net takings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recharges</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time zone</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::report::ShiftReport</name>
    <message>
        <source>Shift report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channel key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Takings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refunds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Net</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cashier ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cashier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>After transaction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Through transaction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Receipts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First receipt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last receipt</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::storage::Database</name>
    <message>
        <source>The Qt SQL driver %1 is not installed (Debian: %2), so %3 cannot be opened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open the database %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database %1 was not opened: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SQLite runs with journal_mode=%1 and synchronous=%2, but a committed payment must survive a power cut: journal_mode=wal and synchronous=2 (FULL) are required (a network share or a read-only folder cannot provide them)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SQLite would not enforce foreign keys (foreign_keys=%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SQLite busy_timeout is %1 ms, expected 5000</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the server did not report its settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the server did not accept a strict sql_mode (it has &quot;%1&quot;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the connection character set is %1, not utf8mb4: Chinese names would not be stored faithfully</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the server has no InnoDB storage engine (transactions need it)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the default storage engine is %1, not InnoDB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the transaction isolation is %1, not REPEATABLE-READ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the server does not write a commit to disk before confirming it (innodb_flush_log_at_trx_commit=%1; it must be 1), so a power cut could lose payments that were already confirmed. Set innodb_flush_log_at_trx_commit=1 in the server configuration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the binary log is on but sync_binlog=%1 (it must be 1): after a crash the log and the data could disagree</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::storage::DatabaseConfig</name>
    <message>
        <source>the SQLite URL names no file (expected sqlite:/path/to/file.db)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an in-memory SQLite database keeps nothing; name a file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the MySQL URL is not valid: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the MySQL port %1 is out of range (1 to 65535)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the MySQL URL must name one database after the host (mysql://user:password@host:port/database)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown MySQL URL option &quot;%1&quot; (only socket=PATH is known)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the MySQL URL names no host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the MySQL URL names no user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no database URL given</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is neither sqlite:/path/file.db nor mysql://user:password@host:port/database</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::storage::Dialect</name>
    <message>
        <source>insertOrIgnore: &quot;%1&quot; is not a table name, or no columns given</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>insertOrIgnore: &quot;%1&quot; is not a column name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown placeholder {%1} in schema SQL: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::storage::Migrator</name>
    <message>
        <source>The migration list is broken: version %1 where %2 was expected (versions must be 1, 2, 3, ... without gaps or repeats)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Migration %1 has an empty statement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Migration %1 (%2) of the database %3 was started but did not finish; the schema is half changed. Restore the backup taken before the upgrade, or complete the migration by hand</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database %1 has schema version %2, but this program knows only up to %3: it was written by a newer MeterDesk. Install that version (or newer) instead of opening it with this one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another program is migrating the database %1; try again later</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::storage::SqlQuery</name>
    <message>
        <source>Column %1 of &quot;%2&quot; holds &quot;%3&quot;, not a whole number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Column %1 of &quot;%2&quot; is NULL where a number was expected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; returned no row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; gave no new row id</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::storage::StorageError</name>
    <message>
        <source>The database refused a statement: %1 (error %2)
Statement: %3</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>md::storage::TransactionGuard</name>
    <message>
        <source>A transaction is already active on this connection; transactions do not nest</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>commit() without an active transaction</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
