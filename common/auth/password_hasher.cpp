#include "auth/password_hasher.h"

#include "util/error.h"

#include <QCoreApplication>

#include <sodium.h>

namespace md {

namespace {

void initSodium()
{
    // sodium_init() is idempotent and thread-safe; < 0 means no usable random source.
    static const int rc = sodium_init();
    if (rc < 0)
        throw Error(QCoreApplication::translate("md::PasswordHasher", "The cryptography library could not start"));
}

} // namespace

PasswordHasher::Limits PasswordHasher::interactive()
{
    return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
}

PasswordHasher::PasswordHasher(Limits limits)
    : m_limits(limits)
{
    initSodium();
}

QByteArray PasswordHasher::hash(const QString& password) const
{
    const QByteArray utf8 = password.toUtf8();
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(out, utf8.constData(), static_cast<unsigned long long>(utf8.size()), m_limits.opsLimit,
                              m_limits.memLimit, crypto_pwhash_ALG_ARGON2ID13)
        != 0)
        throw Error(QCoreApplication::translate("md::PasswordHasher", "Not enough memory to hash a password"));
    return QByteArray(out);
}

bool PasswordHasher::verify(const QByteArray& stored, const QString& password)
{
    initSodium();
    if (stored.isEmpty() || stored.size() >= crypto_pwhash_STRBYTES)
        return false;
    const QByteArray utf8 = password.toUtf8();
    return crypto_pwhash_str_verify(stored.constData(), utf8.constData(), static_cast<unsigned long long>(utf8.size()))
           == 0;
}

bool PasswordHasher::needsRehash(const QByteArray& stored) const
{
    // Also true for a hash of another algorithm (argon2i) or a malformed one (-1).
    return crypto_pwhash_str_needs_rehash(stored.constData(), m_limits.opsLimit, m_limits.memLimit) != 0;
}

QString PasswordHasher::randomPassword(int length)
{
    initSodium();
    static const char kAlphabet[] = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    constexpr uint32_t kSize = sizeof(kAlphabet) - 1;
    QString out;
    for (int i = 0; i < length; ++i)
        out += QLatin1Char(kAlphabet[randombytes_uniform(kSize)]);
    return out;
}

} // namespace md
