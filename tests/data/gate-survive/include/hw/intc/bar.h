/*
 * Bar interrupt presenter
 */
#ifndef HW_INTC_BAR_H
#define HW_INTC_BAR_H

#include "hw/qdev-core.h"

#define TYPE_BAR_SERVER "bar-server"

typedef struct BarServerState {
    DeviceState parent_obj;

    uint32_t pending;
    uint8_t priority;
    uint8_t mask;
} BarServerState;

#endif
