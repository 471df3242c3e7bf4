#pragma once

#include <QString>
#include <QStringView>

#include <optional>

namespace md {

// How a tenant paid (or was paid back): each channel's takings are kept apart per cashier so a
// shift close can be counted against the drawer and the payment terminals.
enum class Channel { Cash, WeChat, Alipay, BankTransfer, Card, Other };

inline constexpr Channel kAllChannels[] = {Channel::Cash,         Channel::WeChat, Channel::Alipay,
                                           Channel::BankTransfer, Channel::Card,   Channel::Other};

QString channelKey(Channel c);                        // "cash", "wechat", ... (database, API)
std::optional<Channel> parseChannel(QStringView key); // inverse of channelKey
QString channelName(Channel c);                       // translated: 现金, 微信, ...

} // namespace md
