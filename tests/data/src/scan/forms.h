/* Header given with -I: names and sizes for forms.c. */
#define TYPE_BAZ "baz-device"
#define BAR_TABLE_SIZE 16
