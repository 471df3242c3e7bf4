#pragma once

#include <QByteArray>
#include <QCryptographicHash>
#include <QString>

namespace md {

// The canonical content of a request, hashed: two requests with the same key are "the same
// operation" exactly when their fingerprints are equal. Fields are added in a fixed order as
// name=value lines; values are percent-encoded so that no value can fake a line break.
class Fingerprint
{
public:
    explicit Fingerprint(const char* operation) { m_text = operation; m_text += '\n'; }
    Fingerprint& add(const char* name, qint64 value) { return addRaw(name, QByteArray::number(value)); }
    Fingerprint& add(const char* name, const QString& value) { return addEncoded(name, value.toUtf8()); }
    Fingerprint& add(const char* name, const QByteArray& value) { return addEncoded(name, value); }
    QByteArray hex() const { return QCryptographicHash::hash(m_text, QCryptographicHash::Sha256).toHex(); }

    // Appends `value` percent-encoded exactly as QByteArray::toPercentEncoding() does (unreserved
    // A-Z a-z 0-9 - . _ ~ kept, every other byte "%XX" in upper-case hex), without its
    // per-byte lookups and temporary array: the fingerprint of a deduction encodes its whole
    // explanation (tests_ledger checks every byte value against Qt's).
    static void appendPercentEncoded(QByteArray& out, const QByteArray& value)
    {
        static constexpr char kHex[] = "0123456789ABCDEF";
        const qsizetype start = out.size();
        out.resize(start + value.size() * 3);
        char* o = out.data() + start;
        for (const char c : value) {
            const auto u = static_cast<unsigned char>(c);
            if ((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '-' || u == '.' ||
                u == '_' || u == '~') {
                *o++ = c;
            } else {
                *o++ = '%';
                *o++ = kHex[u >> 4];
                *o++ = kHex[u & 0xF];
            }
        }
        out.truncate(o - out.constData());
    }

private:
    Fingerprint& addEncoded(const char* name, const QByteArray& value)
    {
        m_text += name;
        m_text += '=';
        appendPercentEncoded(m_text, value);
        m_text += '\n';
        return *this;
    }
    Fingerprint& addRaw(const char* name, const QByteArray& value)
    {
        m_text += name;
        m_text += '=';
        m_text += value;
        m_text += '\n';
        return *this;
    }
    QByteArray m_text;
};

} // namespace md
