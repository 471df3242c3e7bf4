#include "ledger/channel.h"

#include <QCoreApplication>

namespace md {

QString channelKey(Channel c)
{
    switch (c) {
    case Channel::Cash:
        return QStringLiteral("cash");
    case Channel::WeChat:
        return QStringLiteral("wechat");
    case Channel::Alipay:
        return QStringLiteral("alipay");
    case Channel::BankTransfer:
        return QStringLiteral("bank-transfer");
    case Channel::Card:
        return QStringLiteral("card");
    case Channel::Other:
        return QStringLiteral("other");
    }
    Q_UNREACHABLE();
}

std::optional<Channel> parseChannel(QStringView key)
{
    for (Channel c : kAllChannels) {
        if (key.compare(channelKey(c), Qt::CaseInsensitive) == 0)
            return c;
    }
    return std::nullopt;
}

QString channelName(Channel c)
{
    switch (c) {
    case Channel::Cash:
        return QCoreApplication::translate("md::Channel", "cash");
    case Channel::WeChat:
        return QCoreApplication::translate("md::Channel", "WeChat Pay");
    case Channel::Alipay:
        return QCoreApplication::translate("md::Channel", "Alipay");
    case Channel::BankTransfer:
        return QCoreApplication::translate("md::Channel", "bank transfer");
    case Channel::Card:
        return QCoreApplication::translate("md::Channel", "card");
    case Channel::Other:
        return QCoreApplication::translate("md::Channel", "other");
    }
    Q_UNREACHABLE();
}

} // namespace md
