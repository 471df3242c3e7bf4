// A libmodbus RTU slave for the interoperability tests: serves holding registers
// 0..99 = 1000 + address on DEVICE at 9600 8E1 as SLAVE, until killed.
#include <modbus.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>

int main(int argc, char* argv[])
{
    if (argc != 3) {
        std::fprintf(stderr, "usage: modbus_slave_harness DEVICE SLAVE\n");
        return 2;
    }
    modbus_t* ctx = modbus_new_rtu(argv[1], 9600, 'E', 8, 1);
    if (!ctx || modbus_set_slave(ctx, std::atoi(argv[2])) != 0 || modbus_connect(ctx) != 0) {
        std::fprintf(stderr, "cannot open %s: %s\n", argv[1], modbus_strerror(errno));
        return 1;
    }
    modbus_mapping_t* map = modbus_mapping_new(0, 0, 100, 100);
    for (int i = 0; i < 100; ++i) {
        map->tab_registers[i] = static_cast<uint16_t>(1000 + i);
        map->tab_input_registers[i] = static_cast<uint16_t>(2000 + i);
    }
    std::printf("ready\n");
    std::fflush(stdout);
    uint8_t query[MODBUS_RTU_MAX_ADU_LENGTH];
    for (;;) {
        const int rc = modbus_receive(ctx, query);
        if (rc > 0)
            modbus_reply(ctx, query, rc, map);
        // rc == -1: a bad frame or another slave's request; keep listening.
    }
}
