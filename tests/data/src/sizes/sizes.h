/*
 * Sizes test device: state and constants in a header
 */
#ifndef HW_MISC_SIZES_H
#define HW_MISC_SIZES_H

#include "hw/sysbus.h"
#include "qom/object.h"

#define TYPE_SIZES "sizes-dev"
#define SIZES_SAVEVM_VERSION 3

/* A chain through parentheses, hex, octal and suffixes. */
#define SIZES_MMIO_SIZE  (SIZES_NR_REGS * 4u)
#define SIZES_NR_REGS    (0x10 + 010 - 8UL)
#define SIZES_FIFO_LEN   (1 << 3)

/* Enumerators: explicit values, and implicit ones counting up. */
enum {
    SIZES_CH_A,
    SIZES_CH_B,
    SIZES_CH_NR,
    SIZES_WIN = 0x10 / 4,
    SIZES_WIN_NEXT,
};

/* An enumerator after a conditional one cannot be counted. */
enum SizesCond {
    SIZES_COND_A,
#ifdef CONFIG_SIZES_EXTRA
    SIZES_COND_EXTRA,
#endif
    SIZES_COND_NR,
};

OBJECT_DECLARE_SIMPLE_TYPE(SizesState, SIZES)

typedef struct SizesRegs {
    uint32_t ctrl;
    uint8_t buf[SIZES_FIFO_LEN * 2];
} SizesRegs;

struct SizesState {
    SysBusDevice parent_obj;

    MemoryRegion iomem;
    uint32_t regs[SIZES_MMIO_SIZE / 4];
    uint8_t name[32];
    uint16_t grid[2][SIZES_FIFO_LEN];
    SizesRegs bank;
    struct {
        uint64_t stamp[2];
    } clock;
    union {
        uint32_t words[4];
        uint8_t bytes[16];
    };
    MACAddr mac;
    target_ulong pc[4];
    uint8_t *dynamic;
    Unknown65 blob[4];
    bool flags[5];
};

#endif
