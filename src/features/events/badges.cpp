// Printable name badges: an A4 portrait sheet of eight (two across, four
// down), each with the person's name (Korean through pango and the Noto CJK
// font), the ticket type, the community and the ticket's QR code (its short
// code, what the door scans). Cut lines are drawn light and dashed.
#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <qrencode.h>

#include <memory>

#include "features/events/after_event.hpp"
#include "platform/base/time_zone.hpp"

namespace moim::events {

namespace {

constexpr double kPageWidth = 595.28;  // A4 portrait, PostScript points
constexpr double kPageHeight = 841.89;
constexpr double kMargin = 28;
constexpr double kBadgeWidth = (kPageWidth - 2 * kMargin) / kBadgesAcross;
constexpr double kBadgeHeight = (kPageHeight - 2 * kMargin) / kBadgesDown;
constexpr const char* kFamily = "Noto Sans CJK KR";  // "KR": the Korean glyph forms

struct Deleter {
  void operator()(cairo_surface_t* surface) const { cairo_surface_destroy(surface); }
  void operator()(cairo_t* cr) const { cairo_destroy(cr); }
  void operator()(PangoLayout* layout) const { g_object_unref(layout); }
  void operator()(PangoFontMap* map) const { g_object_unref(map); }
  void operator()(PangoFontDescription* font) const { pango_font_description_free(font); }
  void operator()(QRcode* code) const { QRcode_free(code); }
};
template <class T>
using Owned = std::unique_ptr<T, Deleter>;

cairo_status_t append_to_string(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

// Control characters would draw as boxes; names are checked on the way in,
// this keeps a sheet readable whatever an old row holds.
std::string printable(const std::string& text) {
  std::string out;
  for (const char ch : text) {
    if (static_cast<unsigned char>(ch) >= 0x20 && ch != 0x7f) out += ch;
  }
  return out;
}

struct Style {
  double size = 12;
  bool bold = false;
  double gray = 0.2;
  int max_lines = 1;
};

// Draws centred text within `width`, shrunk to fit its lines; returns its height.
double draw_text(cairo_t* cr, PangoFontMap* fonts, const std::string& raw, double x, double y,
                 double width, Style style) {
  const std::string text = printable(raw);
  if (text.empty()) return 0;
  PangoContext* context = pango_font_map_create_context(fonts);
  pango_cairo_update_context(cr, context);
  Owned<PangoLayout> layout(pango_layout_new(context));
  g_object_unref(context);
  Owned<PangoFontDescription> font(pango_font_description_new());
  pango_font_description_set_family(font.get(), kFamily);
  pango_font_description_set_weight(font.get(),
                                    style.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_width(layout.get(), static_cast<int>(width * PANGO_SCALE));
  pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment(layout.get(), PANGO_ALIGN_CENTER);
  pango_layout_set_text(layout.get(), text.data(), static_cast<int>(text.size()));
  for (double size = style.size;; size *= 0.9) {
    pango_font_description_set_absolute_size(font.get(), size * PANGO_SCALE);
    pango_layout_set_font_description(layout.get(), font.get());
    if (pango_layout_get_line_count(layout.get()) <= style.max_lines || size < 7) break;
  }
  cairo_set_source_rgb(cr, style.gray, style.gray, style.gray);
  cairo_move_to(cr, x, y);
  pango_cairo_show_layout(cr, layout.get());
  int height = 0;
  pango_layout_get_size(layout.get(), nullptr, &height);
  return static_cast<double>(height) / PANGO_SCALE;
}

Status draw_qr(cairo_t* cr, const std::string& text, double x, double y, double side) {
  Owned<QRcode> code(QRcode_encodeString8bit(text.c_str(), 0, QR_ECLEVEL_M));
  if (!code) return Error::internal("cannot encode a ticket code as a QR code");
  const int width = code->width;
  constexpr int kQuietZone = 2;
  const double module = side / (width + 2 * kQuietZone);
  cairo_set_source_rgb(cr, 0, 0, 0);
  for (int row = 0; row < width; ++row) {
    for (int col = 0; col < width; ++col) {
      if ((code->data[row * width + col] & 1) == 0) continue;
      cairo_rectangle(cr, x + (kQuietZone + col) * module, y + (kQuietZone + row) * module, module,
                      module);
    }
  }
  cairo_fill(cr);
  return ok_status();
}

Status draw_badge(cairo_t* cr, PangoFontMap* fonts, const Badge& badge, double left, double top) {
  cairo_save(cr);
  const double dash[] = {4, 3};
  cairo_set_dash(cr, dash, 2, 0);
  cairo_set_line_width(cr, 0.5);
  cairo_set_source_rgb(cr, 0.7, 0.7, 0.7);
  cairo_rectangle(cr, left, top, kBadgeWidth, kBadgeHeight);
  cairo_stroke(cr);
  cairo_restore(cr);
  const double pad = 14;
  const double inner = kBadgeWidth - 2 * pad;
  double y = top + pad;
  y += draw_text(cr, fonts, badge.community, left + pad, y, inner, {.size = 10, .gray = 0.45});
  y += 10;
  y += draw_text(cr, fonts, badge.name, left + pad, y, inner,
                 {.size = 26, .bold = true, .gray = 0.0, .max_lines = 2});
  y += 4;
  draw_text(cr, fonts, badge.ticket_type, left + pad, y, inner, {.size = 12, .gray = 0.3});
  const double qr_side = 70;
  const double qr_top = top + kBadgeHeight - pad - qr_side - 12;
  if (auto drawn =
          draw_qr(cr, badge.ticket_code, left + (kBadgeWidth - qr_side) / 2, qr_top, qr_side);
      !drawn)
    return drawn;
  draw_text(cr, fonts, badge.ticket_code, left + pad, qr_top + qr_side, inner,
            {.size = 8, .gray = 0.4});
  return ok_status();
}

}  // namespace

Result<std::string> render_badges(const std::vector<Badge>& badges, const std::string& title) {
  std::string out;
  Owned<cairo_surface_t> surface(
      cairo_pdf_surface_create_for_stream(append_to_string, &out, kPageWidth, kPageHeight));
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, title.c_str());
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "moim");
  Owned<cairo_t> cr(cairo_create(surface.get()));
  // A font map of this call's own: pango's are not shared across threads.
  Owned<PangoFontMap> fonts(pango_cairo_font_map_new());
  constexpr std::size_t kPerPage = kBadgesAcross * kBadgesDown;
  for (std::size_t index = 0; index < badges.size(); ++index) {
    if (index > 0 && index % kPerPage == 0) cairo_show_page(cr.get());
    const std::size_t slot = index % kPerPage;
    const double left = kMargin + static_cast<double>(slot % kBadgesAcross) * kBadgeWidth;
    const double top = kMargin + static_cast<double>(slot / kBadgesAcross) * kBadgeHeight;
    if (auto drawn = draw_badge(cr.get(), fonts.get(), badges[index], left, top); !drawn)
      return drawn.error();
  }
  cairo_show_page(cr.get());  // an empty list still gives one (blank) page
  cr.reset();
  cairo_surface_finish(surface.get());
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS)
    return Error::internal(std::string("cannot write the badge PDF: ") +
                           cairo_status_to_string(cairo_surface_status(surface.get())));
  return out;
}

Result<std::string> AfterEventService::badges_pdf(const accounts::Viewer& viewer,
                                                  const std::string& slug, std::int64_t event_id) {
  auto event = organizers_event(viewer, slug, event_id);
  if (!event) return event.error();
  std::vector<Badge> badges;
  {
    auto reader = database_.read();
    if (!reader) return reader.error();
    auto rows = reader->query(
        "SELECT r.name, t.name, r.ticket_code FROM event_registrations r JOIN "
        "event_ticket_types t ON t.id = r.ticket_type_id WHERE r.event_id = ? AND "
        "r.status = 'confirmed' ORDER BY r.name, r.id",
        {event_id});
    if (!rows) return rows.error();
    for (const auto& row : rows.value()) {
      badges.push_back({.name = row.text(0),
                        .ticket_type = row.text(1),
                        .community = event->community_name,
                        .ticket_code = row.text(2)});
    }
  }
  return render_badges(badges, event->title);
}

}  // namespace moim::events
