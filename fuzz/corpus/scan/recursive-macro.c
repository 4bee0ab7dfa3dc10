#define X(a) static const VMStateDescription v_##a = { .name = #a, .fields = (VMStateField[]) { X(a), {} } }
X(q)
X(
