// Chinese first: on a zh_CN system the desk's own texts and Qt's standard ones (the dialogs'
// Close and Cancel buttons) are in Chinese.

#include "util/i18n.h"

#include <catch2/catch.hpp>

#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QPushButton>
#include <QTranslator>

TEST_CASE("translations: the desk's texts and Qt's standard buttons in Chinese on a zh_CN system", "[app][i18n]")
{
    REQUIRE(md::installTranslations(QLocale(QLocale::Chinese, QLocale::China)));
    CHECK(QCoreApplication::translate("md::app::MainWindow", "Accounts") == QStringLiteral("账户"));
    CHECK(QCoreApplication::translate("md::app::MainWindow", "Administration") == QStringLiteral("系统管理"));
    QDialogButtonBox box(QDialogButtonBox::Close | QDialogButtonBox::Cancel);
    CHECK(box.button(QDialogButtonBox::Close)->text() == QStringLiteral("关闭"));
    CHECK(box.button(QDialogButtonBox::Cancel)->text() == QStringLiteral("取消"));
    // The other tests of this process read English.
    for (QTranslator* t : QCoreApplication::instance()->findChildren<QTranslator*>()) {
        QCoreApplication::removeTranslator(t);
        delete t;
    }
    CHECK(QCoreApplication::translate("md::app::MainWindow", "Accounts") == QStringLiteral("Accounts"));
}
