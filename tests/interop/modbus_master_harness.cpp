// A libmodbus RTU master for the interoperability tests: reads COUNT holding registers from
// ADDRESS of SLAVE on DEVICE at 9600 8E1, TIMES times, and prints each answer as one line of
// decimal words; exit 0 when every read was answered.
#include <modbus.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>

int main(int argc, char* argv[])
{
    if (argc != 6) {
        std::fprintf(stderr, "usage: modbus_master_harness DEVICE SLAVE ADDRESS COUNT TIMES\n");
        return 2;
    }
    modbus_t* ctx = modbus_new_rtu(argv[1], 9600, 'E', 8, 1);
    if (!ctx || modbus_set_slave(ctx, std::atoi(argv[2])) != 0 || modbus_connect(ctx) != 0) {
        std::fprintf(stderr, "cannot open %s: %s\n", argv[1], modbus_strerror(errno));
        return 1;
    }
    modbus_set_response_timeout(ctx, 1, 0);
    const int address = std::atoi(argv[3]);
    const int count = std::atoi(argv[4]);
    const int times = std::atoi(argv[5]);
    int failures = 0;
    for (int t = 0; t < times; ++t) {
        uint16_t regs[125];
        if (modbus_read_registers(ctx, address, count, regs) != count) {
            std::printf("error %s\n", modbus_strerror(errno));
            ++failures;
            continue;
        }
        for (int i = 0; i < count; ++i)
            std::printf(i ? " %u" : "%u", unsigned(regs[i]));
        std::printf("\n");
    }
    std::fflush(stdout);
    modbus_close(ctx);
    modbus_free(ctx);
    return failures == 0 ? 0 : 1;
}
