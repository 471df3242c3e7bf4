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
        <source>Legend:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Receipt number:</source>
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
        <source>Run the service: the API on the configured address (--config FILE)</source>
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
    <name>md::collection::MeterDriver</name>
    <message>
        <source>meter %1 keeps no balance of its own</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown Modbus register map &quot;%1&quot;</source>
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
