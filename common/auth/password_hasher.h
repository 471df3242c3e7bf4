#pragma once

#include <QByteArray>
#include <QString>

namespace md {

// Argon2id password hashes through libsodium (crypto_pwhash_str). The stored text carries the
// algorithm, its limits and the salt, so a hash made with older, weaker limits still verifies
// and needsRehash() tells the caller to store a new one at the next successful login.
class PasswordHasher
{
public:
    struct Limits
    {
        unsigned long long opsLimit;
        size_t memLimit;
    };
    // libsodium's INTERACTIVE limits: the floor the service never goes below.
    static Limits interactive();

    explicit PasswordHasher(Limits limits = interactive());

    // Throws md::Error when libsodium cannot hash (out of memory).
    QByteArray hash(const QString& password) const;
    static bool verify(const QByteArray& stored, const QString& password);
    bool needsRehash(const QByteArray& stored) const;

    // A random one-time password of `length` characters from an alphabet without look-alikes.
    static QString randomPassword(int length = 12);

private:
    Limits m_limits;
};

} // namespace md
