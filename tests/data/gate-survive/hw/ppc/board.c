/*
 * Board with placeholder presenters for old machine types
 */
#include "qemu/osdep.h"
#include "hw/boards.h"
#include "migration/vmstate.h"

static bool placeholder_server_needed(void *opaque)
{
    /* Nothing to send: the placeholders only accept old streams. */
    return false;
}

static const VMStateDescription vmstate_placeholder_server = {
    .name = "bar/server",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = placeholder_server_needed,
    .fields = (const VMStateField[]) {
        VMSTATE_UNUSED(4), /* pending */
        VMSTATE_UNUSED(1), /* priority */
        VMSTATE_UNUSED(1), /* mask */
        VMSTATE_END_OF_LIST()
    },
};

void board_add_placeholders(int nr)
{
    int i;

    for (i = 0; i < nr; i++) {
        vmstate_register(NULL, i, &vmstate_placeholder_server,
                         (void *)(uintptr_t)i);
    }
}
