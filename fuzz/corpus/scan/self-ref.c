#define V VMSTATE_A(
#define VMSTATE_A(x) V
static const VMStateDescription v = { .name = "v", .version_id = 1 << 70, .minimum_version_id = 1/0, .fields = (VMStateField[]) { V, VMSTATE_A(1), VMSTATE_UINT32_ARRAY(a, S, -1), }, .subsections = (const VMStateDescription *[]) { &v, NULL } };
