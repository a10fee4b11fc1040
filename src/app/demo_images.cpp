#include "app/demo_images.hpp"

#include <cairo.h>

#include <cmath>
#include <memory>

namespace moim {

namespace {

using Surface = std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)>;
using Context = std::unique_ptr<cairo_t, decltype(&cairo_destroy)>;

cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

std::string png_of(cairo_surface_t* surface) {
  std::string out;
  cairo_surface_flush(surface);
  cairo_surface_write_to_png_stream(surface, append, &out);
  return out;
}

void rounded(cairo_t* cr, double x, double y, double width, double height, double radius) {
  cairo_new_sub_path(cr);
  cairo_arc(cr, x + width - radius, y + radius, radius, -M_PI / 2, 0);
  cairo_arc(cr, x + width - radius, y + height - radius, radius, 0, M_PI / 2);
  cairo_arc(cr, x + radius, y + height - radius, radius, M_PI / 2, M_PI);
  cairo_arc(cr, x + radius, y + radius, radius, M_PI, 3 * M_PI / 2);
  cairo_close_path(cr);
}

}  // namespace

std::string demo_cover_png() {
  Surface surface(cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1200, 630), cairo_surface_destroy);
  Context cr(cairo_create(surface.get()), cairo_destroy);
  cairo_pattern_t* sky = cairo_pattern_create_linear(0, 0, 1200, 630);
  cairo_pattern_add_color_stop_rgb(sky, 0, 0.16, 0.20, 0.55);
  cairo_pattern_add_color_stop_rgb(sky, 1, 0.55, 0.25, 0.65);
  cairo_set_source(cr.get(), sky);
  cairo_paint(cr.get());
  cairo_pattern_destroy(sky);
  // A scatter of soft circles: the "gathering" of 모임.
  for (int index = 0; index < 14; ++index) {
    const double x = 80 + std::fmod(index * 271.0, 1080.0);
    const double y = 60 + std::fmod(index * 157.0, 520.0);
    cairo_set_source_rgba(cr.get(), 1, 1, 1, 0.08 + 0.02 * (index % 4));
    cairo_arc(cr.get(), x, y, 30 + (index * 37) % 90, 0, 2 * M_PI);
    cairo_fill(cr.get());
  }
  cairo_set_source_rgb(cr.get(), 1, 1, 1);
  cairo_select_font_face(cr.get(), "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  cairo_set_font_size(cr.get(), 110);
  cairo_move_to(cr.get(), 90, 360);
  cairo_show_text(cr.get(), "PseudoCon");
  cairo_set_font_size(cr.get(), 40);
  cairo_move_to(cr.get(), 96, 430);
  cairo_show_text(cr.get(), "two tracks - booths - networking bingo");
  return png_of(surface.get());
}

std::string demo_logo_png(int index) {
  static constexpr double kColours[][3] = {{0.10, 0.45, 0.85},
                                           {0.95, 0.55, 0.10},
                                           {0.15, 0.65, 0.40},
                                           {0.80, 0.20, 0.35},
                                           {0.45, 0.30, 0.75}};
  const double* colour = kColours[index % 5];
  Surface surface(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 240, 80), cairo_surface_destroy);
  Context cr(cairo_create(surface.get()), cairo_destroy);
  cairo_set_source_rgb(cr.get(), colour[0], colour[1], colour[2]);
  rounded(cr.get(), 4, 4, 72, 72, 16);
  cairo_fill(cr.get());
  cairo_set_source_rgb(cr.get(), 1, 1, 1);
  if (index % 2 == 0) {
    cairo_arc(cr.get(), 40, 40, 18, 0, 2 * M_PI);
  } else {
    cairo_rectangle(cr.get(), 24, 24, 32, 32);
  }
  cairo_fill(cr.get());
  // Three bars for a word mark: no font, so any sponsor name fits.
  cairo_set_source_rgb(cr.get(), colour[0] * 0.7, colour[1] * 0.7, colour[2] * 0.7);
  for (int bar = 0; bar < 3; ++bar) {
    rounded(cr.get(), 92, 14 + bar * 20, 140 - bar * 30 - (index % 3) * 10, 12, 6);
    cairo_fill(cr.get());
  }
  return png_of(surface.get());
}

}  // namespace moim
