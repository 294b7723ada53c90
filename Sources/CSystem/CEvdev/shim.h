#include <libevdev/libevdev.h>
#include <linux/input.h>

/* The layout of struct input_event's time differs between 64-bit and 32-bit-time ABIs;
   the kernel header's macros pick the right fields, which Swift cannot see. */
static inline double kiosk_input_event_seconds(const struct input_event *event) {
    return (double)event->input_event_sec + (double)event->input_event_usec / 1000000.0;
}
