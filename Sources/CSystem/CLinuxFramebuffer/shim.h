#include <linux/fb.h>
#include <linux/kd.h>
#include <sys/ioctl.h>

/* ioctl is variadic and so not callable from Swift; these typed wrappers are. */
static inline int kiosk_fb_get_vscreeninfo(int fd, struct fb_var_screeninfo *info) {
    return ioctl(fd, FBIOGET_VSCREENINFO, info);
}
static inline int kiosk_fb_put_vscreeninfo(int fd, struct fb_var_screeninfo *info) {
    return ioctl(fd, FBIOPUT_VSCREENINFO, info);
}
static inline int kiosk_fb_get_fscreeninfo(int fd, struct fb_fix_screeninfo *info) {
    return ioctl(fd, FBIOGET_FSCREENINFO, info);
}
static inline int kiosk_fb_pan_display(int fd, struct fb_var_screeninfo *info) {
    return ioctl(fd, FBIOPAN_DISPLAY, info);
}
static inline int kiosk_kd_set_mode(int fd, unsigned long mode) {
    return ioctl(fd, KDSETMODE, mode);
}
static inline int kiosk_kd_get_mode(int fd, int *mode) {
    return ioctl(fd, KDGETMODE, mode);
}
