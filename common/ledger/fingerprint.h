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
    Fingerprint& add(const char* name, const QString& value)
    {
        return addRaw(name, value.toUtf8().toPercentEncoding());
    }
    Fingerprint& add(const char* name, const QByteArray& value)
    {
        return addRaw(name, value.toPercentEncoding());
    }
    QByteArray hex() const { return QCryptographicHash::hash(m_text, QCryptographicHash::Sha256).toHex(); }

private:
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
