#pragma once

#include <QCoreApplication>
#include <QMetaType>
#include <QString>

namespace md::api {

// The service's stable error codes the front desk acts on (docs/api.md has them all).
namespace codes {
constexpr int LoginFailed = 1002;
constexpr int LockedOut = 1003;
constexpr int PasswordChangeRequired = 1004;
constexpr int SessionExpired = 1005;
constexpr int Forbidden = 1006;
constexpr int OperatorInactive = 1007;
constexpr int WeakPassword = 1008;
constexpr int AccountNotFound = 2002;
constexpr int IdempotencyConflict = 2010;
} // namespace codes

// Why a call did not give a result: the service said no (code and its translated message), or
// the connection failed (unreachable, lost and not recovered, no answer in time).
struct ApiFailure
{
    Q_DECLARE_TR_FUNCTIONS(md::api::ApiFailure)

public:
    enum class Kind { Service, Unreachable, ConnectionLost, Timeout, Protocol };
    Kind kind = Kind::Service;
    int code = 0;        // Service only
    QString message;     // ready to show

    bool isService(int c) const { return kind == Kind::Service && code == c; }
    static ApiFailure service(int code, const QString& message) { return {Kind::Service, code, message}; }
    static ApiFailure unreachable(const QString& host, quint16 port, const QString& why);
    static ApiFailure connectionLost();
    static ApiFailure timeout();
};

} // namespace md::api

Q_DECLARE_METATYPE(md::api::ApiFailure)
