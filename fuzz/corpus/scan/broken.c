/* Scanner fixture: constructs the scanner must warn about, and go on. */
#include "migration/vmstate.h"

static const VMStateDescription vmstate_odd = {
    .name = "odd",
    .version_id = ODD_VERSION,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(a, OddState),
        VMSTATE_FROBNICATE(b, OddState),
        VMSTATE_UINT32(c, OddState, 7),
        42,
        VMSTATE_UINT32(d, OddState),
        VMSTATE_END_OF_LIST()
    },
    .subsections = (const VMStateDescription * const []) {
        &vmstate_not_here,
        NULL
    }
};

static const VMStateDescription vmstate_named = {
    .name = "named",
    .fields = missing_fields,
};

static const VMStateDescription vmstate_fine = {
    .name = "fine",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT8(x, FineState),
        VMSTATE_END_OF_LIST()
    }
};

static const VMStateDescription vmstate_truncated = {
    .name = "truncated",
    .fields = (const VMStateField[]) {
        VMSTATE_UINT8(y, TruncState),
