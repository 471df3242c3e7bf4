// libFuzzer entry point; MD_FUZZ_PARSER ("modbus", "dlt645", "cjt188") picks the parser.
#include "fuzz_target.h"

#include <QCoreApplication>

extern "C" int LLVMFuzzerTestOneInput(const quint8* data, size_t size)
{
    md::fuzz::runOne(MD_FUZZ_PARSER, data, size);
    return 0;
}
