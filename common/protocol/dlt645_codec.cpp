#include "protocol/dlt645_codec.h"

#include "protocol/bcd.h"

namespace md::protocol {

namespace {
QByteArray le32(quint32 v, int bytes)
{
    QByteArray b;
    for (int i = 0; i < bytes; ++i)
        b.append(char((v >> (8 * i)) & 0xFF));
    return b;
}

QByteArray frame(const QByteArray& address, quint8 control, QByteArray data, int wake)
{
    return encodeDlt645(Dlt645Frame{address, control, std::move(data)}, wake);
}

QByteArray authBytes(const Dlt645Auth& a)
{
    QByteArray b;
    b.append(char(a.passwordLevel));
    b.append(le32(a.password, 3));
    b.append(le32(a.operatorCode, 4));
    return b;
}
} // namespace

QByteArray dlt645DateTimeBytes(const QDateTime& t)
{
    const QDate d = t.date();
    const QTime tm = t.time();
    QByteArray b;
    for (int v : {tm.second(), tm.minute(), tm.hour(), d.day(), d.month(), d.year() % 100})
        b.append(unsignedToBcd(v, 1));
    return b;
}

QByteArray buildDlt645Read(const QByteArray& address, quint32 di, int wakeBytes)
{
    return frame(address, dlt645::kRead, le32(di, 4), wakeBytes);
}

QByteArray buildDlt645ReadAddress(int wakeBytes)
{
    return frame(dlt645::kWildcardAddress, dlt645::kReadAddress, {}, wakeBytes);
}

QByteArray buildDlt645BroadcastTime(const QDateTime& meterTime, int wakeBytes)
{
    return frame(dlt645::kBroadcastAddress, dlt645::kBroadcastTime,
                 dlt645DateTimeBytes(meterTime), wakeBytes);
}

QByteArray buildDlt645Write(const QByteArray& address, quint32 di, const Dlt645Auth& auth,
                            const QByteArray& value, int wakeBytes)
{
    return frame(address, dlt645::kWrite, le32(di, 4) + authBytes(auth) + value, wakeBytes);
}

QByteArray buildDlt645Relay(const QByteArray& address, RelayAction action,
                            const Dlt645Auth& auth, const QDateTime& validUntil, int wakeBytes)
{
    // PA P0 P1 P2 C0 C1 C2 C3 N1 N2 N3..N8: N2 is reserved (00).
    QByteArray data = authBytes(auth);
    data.append(char(action));
    data.append('\0');
    data.append(dlt645DateTimeBytes(validUntil));
    return frame(address, dlt645::kRelay, data, wakeBytes);
}

QByteArray buildDlt645Read1997(const QByteArray& address, quint16 di, int wakeBytes)
{
    return frame(address, dlt645::kRead1997, le32(di, 2), wakeBytes);
}

QByteArray buildDlt645ReadResponse(const QByteArray& address, quint32 di,
                                   const QByteArray& payload, int wakeBytes)
{
    return frame(address, dlt645::kRead | 0x80, le32(di, 4) + payload, wakeBytes);
}

QByteArray buildDlt645Read1997Response(const QByteArray& address, quint16 di,
                                       const QByteArray& payload, int wakeBytes)
{
    return frame(address, dlt645::kRead1997 | 0x80, le32(di, 2) + payload, wakeBytes);
}

QByteArray buildDlt645ReadAddressResponse(const QByteArray& address, int wakeBytes)
{
    return frame(address, dlt645::kReadAddress | 0x80, address, wakeBytes);
}

QByteArray buildDlt645Ack(const QByteArray& address, quint8 requestControl, int wakeBytes)
{
    return frame(address, requestControl | 0x80, {}, wakeBytes);
}

QByteArray buildDlt645Error(const QByteArray& address, quint8 requestControl, quint8 errorBits,
                            int wakeBytes)
{
    return frame(address, requestControl | 0xC0, QByteArray(1, char(errorBits)), wakeBytes);
}

} // namespace md::protocol
