#pragma once

#include <QCoreApplication>
#include <QStringList>
#include <QTextStream>

#include <span>

namespace md::cli {

// One `meterdeskd SUBCOMMAND ...`. run() gets the arguments after the subcommand name and
// returns the process exit code; it writes results to `out` and problems to `err`.
struct Command
{
    const char* name;
    QString (*summary)();
    int (*run)(const QStringList& args, QTextStream& out, QTextStream& err);
};

std::span<const Command> commands();

// Runs argv[1] as a subcommand (or prints the list). The entry point of main() and of tests.
int dispatch(const QStringList& arguments, QTextStream& out, QTextStream& err);

} // namespace md::cli
