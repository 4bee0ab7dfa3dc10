/*
 * Scanner fixture: the variety of ways QEMU writes VMStateDescriptions.
 * Written for vmstate-gate in QEMU's style; not QEMU code.
 */
#include "qemu/osdep.h"
#include "migration/vmstate.h"
#include "forms.h"

#define BAR_VERSION 4
#define BAR_NAME "bar"
#define NR_CHANNELS 4
#define NR_ROWS (NR_CHANNELS * 2)

extern const VMStateDescription vmstate_elsewhere;
static const VMStateDescription vmstate_tentative;
const VMStateDescription *vmstate_pointer;

/* A "string, with // no comment" and a 'c' literal: /* not a comment either */
static const char *junk = "VMStateDescription vmstate_in_string = {";

static int bar_post_load(void *opaque, int version_id) { return 0; }

static const VMStateDescription vmstate_bar_chan = {
    .name = "bar-chan",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField []) {
        VMSTATE_UINT8(level, BarChan),
        VMSTATE_END_OF_LIST()
    }
};

const VMStateDescription vmstate_bar = {
    .name = BAR_NAME,                  /* a #define'd name */
    .version_id = BAR_VERSION,
    .minimum_version_id = BAR_VERSION - 1,
    .pre_save = bar_pre_save,
    .post_load = bar_post_load,
    .pre_load_errp = bar_pre_load_errp,
    .fields = (VMStateField[]) {
        VMSTATE_UINT32(ctrl, BarState),
        VMSTATE_BOOL(on, BarState),
        VMSTATE_UNUSED(3),
        VMSTATE_TIMER(tick, BarState),
        VMSTATE_TIMER_PTR(tick_ptr, BarState),
        VMSTATE_UINTTL(pc, BarState),
        VMSTATE_BUFFER(mac, BarState),
        VMSTATE_UINT16_ARRAY(chan_regs, BarState, NR_CHANNELS),
        VMSTATE_UINT8_2DARRAY(grid, BarState, NR_ROWS, 3),
        VMSTATE_UINT32_ARRAY(table, BarState, BAR_TABLE_SIZE),
        VMSTATE_VARRAY_UINT32(dyn, BarState, nr_dyn, 0, vmstate_info_uint16, uint16_t),
        VMSTATE_STRUCT_ARRAY(chans, BarState, NR_CHANNELS, 1, vmstate_bar_chan, BarChan),
        VMSTATE_PCI_DEVICE(parent_obj, BarState),
        VMSTATE_PTIMER(ptimer, BarState),
        VMSTATE_STRUCT_ARRAY_TEST(tests, BarState, 2, bar_test, 3, vmstate_bar_chan, BarChan),
        VMSTATE_UINT32_V(late,
                         BarState,
                         3),
        {
            .name = "raw",
            .version_id = 2,
            .size = sizeof(uint64_t),
            .info = &vmstate_info_uint64,
            .flags = VMS_SINGLE,
            .offset = 0,
        },
        VMSTATE_VALIDATE("check", bar_validate),
        VMSTATE_VIRTIO_DEVICE,
        VMSTATE_END_OF_LIST()
    },
};

/* Before QEMU 8.0: a named field array and {} as the end. */
static VMStateField vmstate_baz_fields[] = {
    VMSTATE_INT64(clock, BazState),
#ifdef TARGET_X86_64
    VMSTATE_UINT64(wide, BazState),
#else
    VMSTATE_UINT32(wide, BazState),
#endif
#if 0
    VMSTATE_UINT8(dead, BazState),
#endif
    {}
};

static const VMStateDescription vmstate_baz_sub = {
    .name = "baz/sub",
    .version_id = 1,
    .minimum_version_id = 1,
    .minimum_version_id_old = 1,
    .fields = (VMStateField[]) {
        VMSTATE_UINT8(flag, BazState),
        VMSTATE_END_OF_LIST()
    }
};

static const VMStateDescription vmstate_baz = {
    .name = TYPE_BAZ "/main",          /* macro + literal, TYPE_BAZ from forms.h */
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = vmstate_baz_fields,
    .subsections = (VMStateSubsection []) {
        {
            .vmsd = &vmstate_baz_sub,
            .needed = baz_sub_needed,
        }, {
            /* empty */
        }
    }
};

#ifdef CONFIG_QUX
static const VMStateDescription vmstate_qux_a = {
    .name = "qux/a",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT8(a, QuxState),
        VMSTATE_END_OF_LIST()
    }
};

static const VMStateDescription *const qux_subsections[] = {
    &vmstate_qux_a,
    NULL
};

static const VMStateDescription vmstate_qux = {
    .name = "qux", .version_id = 2, .minimum_version_id = 2,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(b, QuxState), VMSTATE_END_OF_LIST() },
    .subsections = qux_subsections,
};
#endif

/* Field-list and description generators defined in this file. */
#define VMSTATE_QUX_PAIR(_f, _s) \
    VMSTATE_UINT16(_f.lo, _s), \
    VMSTATE_UINT16(_f.hi, _s)

#define QUX_CAP_STATE(sname, idx)                                   \
static const VMStateDescription vmstate_qux_cap_##sname = {         \
    .name = "qux/cap/" #sname,                                      \
    .version_id = 1,                                                \
    .minimum_version_id = 1,                                        \
    .fields = (const VMStateField[]) {                              \
        VMSTATE_UINT8(caps[idx], QuxCapState),                      \
        VMSTATE_END_OF_LIST()                                       \
    },                                                              \
}

QUX_CAP_STATE(fast, 0);
QUX_CAP_STATE(slow, 1);

#define VMSTATE_QUX_ONE { .name = "one", .version_id = 1, \
    .fields = (const VMStateField[]) { VMSTATE_UINT8(x, QuxOne), VMSTATE_END_OF_LIST() } }
#define VMSTATE_QUX_TWO { .name = "two", .version_id = 1, \
    .fields = (const VMStateField[]) { VMSTATE_UINT16(y, QuxTwo), VMSTATE_END_OF_LIST() } }

static const VMStateDescription vmstate_qux_pair[2] = {
    VMSTATE_QUX_ONE,
    VMSTATE_QUX_TWO
};

static const VMStateDescription vmstate_quux = {
    .name = "quux",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_QUX_PAIR(pair, QuuxState),
        VMSTATE_GTREE_DIRECT_KEY_V(tree, QuuxState, 1, &vmstate_qux_pair, QuxTwo),
        VMSTATE_END_OF_LIST()
    },
    .subsections = (const VMStateDescription*[]) {
        &vmstate_qux_cap_fast,
        NULL
    }
};

static void register_types(void)
{
    vmstate_register(NULL, 0, &vmstate_baz, NULL);
    vmstate_register(NULL, 0, &vmstate_quux, NULL);
}
