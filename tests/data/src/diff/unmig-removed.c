/*
 * Pass-through device whose state cannot be migrated (fixture for
 * vmstate-gate: the unmigratable description is gone, foo-ctl drops a field).
 */
#include "qemu/osdep.h"
#include "migration/vmstate.h"

static const VMStateDescription vmstate_foo_ctl = {
    .name = "foo-ctl",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_END_OF_LIST()
    },
};
