/*
 * A made-up controller in QEMU's style with an array of per-bus states,
 * for the source-level comparison tests: a register file inside a
 * struct array grows (each element sends more).
 */
#include "qemu/osdep.h"
#include "hw/sysbus.h"
#include "migration/vmstate.h"

#define TYPE_BAR_CTRL "bar-ctrl"
#define BAR_NR_BUSSES 16
#define BAR_NR_REGS 28

static const VMStateDescription vmstate_bar_bus = {
    .name = TYPE_BAR_CTRL "-bus",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32_ARRAY(regs, BarBus, BAR_NR_REGS),
        VMSTATE_UINT64(dma_addr, BarBus),
        VMSTATE_END_OF_LIST()
    }
};

static const VMStateDescription vmstate_bar_ctrl = {
    .name = TYPE_BAR_CTRL,
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(intr_status, BarCtrlState),
        VMSTATE_STRUCT_ARRAY(busses, BarCtrlState, BAR_NR_BUSSES, 1,
                             vmstate_bar_bus, BarBus),
        VMSTATE_END_OF_LIST()
    }
};
