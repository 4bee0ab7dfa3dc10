/*
 * Sizes test device: every way a size or a count is written
 */
#include "qemu/osdep.h"
#include "sizes.h"
#include "migration/vmstate.h"

#define LOCAL_LEN 6
#define LOCAL_TOTAL (LOCAL_LEN * sizeof(uint16_t))

typedef struct {
    uint32_t size;
    uint8_t runstate[32];
    uint8_t unused[66];
} LocalState;

typedef struct OtherState OtherState;

struct OtherState {
    uint64_t words[LOCAL_LEN];
};

static int get_custom(QEMUFile *f, void *pv, size_t size, const VMStateField *field)
{
    return 0;
}

static int put_custom(QEMUFile *f, void *pv, size_t size, const VMStateField *field,
                      JSONWriter *vmdesc)
{
    return 0;
}

static const VMStateInfo vmstate_info_custom = {
    .name = "custom",
    .get = get_custom,
    .put = put_custom,
};

static const VMStateDescription vmstate_sizes_local = {
    .name = "sizes-local",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(size, LocalState),
        VMSTATE_BUFFER(runstate, LocalState),
        VMSTATE_BUFFER(unused, LocalState),
        VMSTATE_UINT64_ARRAY(words, OtherState, ARRAY_SIZE(((OtherState *)0)->words)),
        VMSTATE_UNUSED(2 * sizeof(uint64_t)),
        VMSTATE_UNUSED(LOCAL_TOTAL),
        VMSTATE_UNUSED(sizeof(target_ulong)),
        VMSTATE_UNUSED(sizeof(NoSuchType)),
        VMSTATE_UINT8_ARRAY(runstate, LocalState, (0x20u >> 1) % 7 + 010),
        {
            .name = "custom",
            .version_id = 0,
            .size = sizeof(uint32_t),
            .info = &vmstate_info_custom,
            .flags = VMS_SINGLE,
            .offset = 0,
        },
        VMSTATE_END_OF_LIST()
    }
};

static const VMStateDescription vmstate_sizes = {
    .name = TYPE_SIZES,
    .version_id = SIZES_SAVEVM_VERSION,
    .minimum_version_id = SIZES_SAVEVM_VERSION,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32_ARRAY(regs, SizesState, SIZES_MMIO_SIZE / 4),
        VMSTATE_BUFFER(regs, SizesState),
        VMSTATE_BUFFER(name, SizesState),
        VMSTATE_UINT16_2DARRAY(grid, SizesState, 2, SIZES_FIFO_LEN),
        VMSTATE_BUFFER(grid, SizesState),
        VMSTATE_BUFFER(bank.buf, SizesState),
        VMSTATE_PARTIAL_BUFFER(bank.buf, SizesState, sizeof_field(SizesRegs, buf) / 2),
        VMSTATE_BUFFER(clock.stamp, SizesState),
        VMSTATE_BUFFER(bytes, SizesState),
        VMSTATE_BUFFER(mac, SizesState),
        VMSTATE_BUFFER(pc, SizesState),
        VMSTATE_BUFFER(dynamic, SizesState),
        VMSTATE_BUFFER(blob, SizesState),
        VMSTATE_BUFFER(bank, SizesState),
        VMSTATE_BOOL_ARRAY(flags, SizesState, sizeof_field(SizesState, flags)),
        VMSTATE_UINT32_ARRAY(regs, SizesState, ARRAY_SIZE(((SizesState *)0)->regs)),
        VMSTATE_BUFFER_START_MIDDLE(name, SizesState, 8),
        VMSTATE_UINT32_ARRAY(regs, SizesState, SIZES_CH_NR * SIZES_WIN_NEXT),
        VMSTATE_UINT32_ARRAY(regs, SizesState, SIZES_COND_NR),
        VMSTATE_END_OF_LIST()
    }
};
