/*
 * Pass-through device whose state cannot be migrated (fixture for
 * vmstate-gate: an .unmigratable description never puts bytes on the wire).
 */
#include "qemu/osdep.h"
#include "migration/vmstate.h"

static const VMStateDescription vmstate_foo_passthru = {
    .name = "foo-passthru-test",
    .unmigratable = 1,
};

static const VMStateDescription vmstate_foo_ctl = {
    .name = "foo-ctl",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(ctrl, FooCtlState),
        VMSTATE_END_OF_LIST()
    },
};
