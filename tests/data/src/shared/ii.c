/*
 * A made-up controller core in QEMU's style: its description is exported,
 * and the section of the same .name that embeds it is in ii-sys.c.
 */
#include "qemu/osdep.h"
#include "migration/vmstate.h"

const VMStateDescription vmstate_ii = {
    .name = "ii",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(scb, IIState),
        VMSTATE_UINT32(cmd, IIState),
        VMSTATE_UINT16(status, IIState),
        VMSTATE_END_OF_LIST()
    }
};
