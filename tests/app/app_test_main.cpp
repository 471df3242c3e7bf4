#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <QApplication>

// Widget tests need a QApplication. catch_discover_tests runs this binary at build time to list
// the tests, where there may be no display: use the offscreen platform then.
int main(int argc, char* argv[])
{
    if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")
        && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("MeterDesk-tests"));
    return Catch::Session().run(argc, argv);
}
