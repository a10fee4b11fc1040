#include "features/certificates/pdf_renderer.hpp"
#include "features/certificates/printable_text.hpp"

#include <cairo-pdf.h>
#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <qrencode.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <string_view>
#include <vector>

namespace moim::certificates {

namespace {

// A4 landscape in PostScript points.
constexpr double kPageWidth = 841.89;
constexpr double kPageHeight = 595.28;
constexpr double kMargin = 36;

// Pango picks the Korean face through fontconfig; "KR" selects the Korean
// glyph forms of the shared CJK font.
constexpr const char* kSansFamily = "Noto Sans CJK KR";
constexpr const char* kSerifFamily = "Noto Serif CJK KR";

const std::map<std::string, std::map<std::string, std::string>>& labels() {
  static const std::map<std::string, std::map<std::string, std::string>> kLabels{
      {"ko",
       {{"community", "커뮤니티"},
        {"cohort", "기수"},
        {"project", "프로젝트"},
        {"role", "역할"},
        {"period", "기간"},
        {"issued", "발급일"},
        {"number", "증서 번호"},
        {"verify", "진위 확인"},
        {"builder", "빌더"},
        {"runner", "러너"},
        {"attendee", "참가자"},
        {"event", "행사"},
        {"date", "일자"},
        {"venue", "장소"},
        {"online", "온라인"},
        {"program", "멘토링 프로그램"},
        {"mentor", "멘토"},
        {"mentee", "멘티"}}},
      {"en",
       {{"community", "Community"},
        {"cohort", "Cohort"},
        {"project", "Project"},
        {"role", "Role"},
        {"period", "Period"},
        {"issued", "Issued"},
        {"number", "Certificate no."},
        {"verify", "Verify at"},
        {"builder", "Builder"},
        {"runner", "Runner"},
        {"attendee", "Attendee"},
        {"event", "Event"},
        {"date", "Date"},
        {"venue", "Venue"},
        {"online", "Online"},
        {"program", "Mentoring program"},
        {"mentor", "Mentor"},
        {"mentee", "Mentee"}}},
  };
  return kLabels;
}

cairo_status_t append_to_string(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

struct ReadCursor {
  const std::string* bytes;
  std::size_t offset = 0;
};

cairo_status_t read_from_string(void* closure, unsigned char* data, unsigned int length) {
  auto* cursor = static_cast<ReadCursor*>(closure);
  if (cursor->bytes->size() - cursor->offset < length) return CAIRO_STATUS_READ_ERROR;
  std::memcpy(data, cursor->bytes->data() + cursor->offset, length);
  cursor->offset += length;
  return CAIRO_STATUS_SUCCESS;
}

struct SurfaceDeleter {
  void operator()(cairo_surface_t* surface) const { cairo_surface_destroy(surface); }
};
struct ContextDeleter {
  void operator()(cairo_t* context) const { cairo_destroy(context); }
};
struct LayoutDeleter {
  void operator()(PangoLayout* layout) const { g_object_unref(layout); }
};
struct FontDescriptionDeleter {
  void operator()(PangoFontDescription* description) const {
    pango_font_description_free(description);
  }
};
struct QrDeleter {
  void operator()(QRcode* code) const { QRcode_free(code); }
};
using Surface = std::unique_ptr<cairo_surface_t, SurfaceDeleter>;
using Context = std::unique_ptr<cairo_t, ContextDeleter>;

// Each rendering thread keeps its own pango font map (pango's are not to be
// shared across threads), released when the thread ends. At process exit,
// once no thread holds one, cairo's and fontconfig's static caches are freed
// too, so leak checkers see a clean exit (the tests run under LeakSanitizer).
std::atomic<int> live_font_maps{0};

struct StaticCachesRelease {
  ~StaticCachesRelease() {
    if (live_font_maps.load() != 0) return;  // a thread may still draw: leave them
    cairo_debug_reset_static_data();
    FcFini();
  }
};

struct ThreadFontMap {
  PangoFontMap* map = nullptr;
  ~ThreadFontMap() {
    if (!map) return;
    g_object_unref(map);
    live_font_maps.fetch_sub(1);
  }
};

PangoFontMap* thread_font_map() {
  // Constructed before the first thread's map, so destroyed after the main
  // thread's thread_local map (thread storage ends before static storage).
  static StaticCachesRelease release_at_exit;
  thread_local ThreadFontMap holder;
  if (!holder.map) {
    holder.map = pango_cairo_font_map_new();
    live_font_maps.fetch_add(1);
  }
  return holder.map;
}

// PNG bytes as a cairo image surface; null when cairo cannot read them.
Surface load_png(const std::string& bytes) {
  ReadCursor cursor{&bytes};
  Surface image(cairo_image_surface_create_from_png_stream(read_from_string, &cursor));
  if (cairo_surface_status(image.get()) != CAIRO_STATUS_SUCCESS) return nullptr;
  return image;
}

struct TextStyle {
  const char* family = kSansFamily;
  double size = 12;
  bool bold = false;
  PangoAlignment align = PANGO_ALIGN_CENTER;
  double gray = 0.15;
};

// Lays out `text` in a box `width` wide at (x, y); returns the height used.
double draw_text(cairo_t* cr, const std::string& raw_text, double x, double y, double width,
                 const TextStyle& style) {
  // An emoji no installed font has is dropped rather than drawn as a hex box.
  const std::string text = printable_text(raw_text);
  if (text.empty()) return 0;
  PangoContext* context = pango_font_map_create_context(thread_font_map());
  pango_cairo_update_context(cr, context);
  std::unique_ptr<PangoLayout, LayoutDeleter> layout(pango_layout_new(context));
  g_object_unref(context);  // the layout holds its own reference
  std::unique_ptr<PangoFontDescription, FontDescriptionDeleter> font(pango_font_description_new());
  pango_font_description_set_family(font.get(), style.family);
  pango_font_description_set_absolute_size(font.get(), style.size * PANGO_SCALE);
  pango_font_description_set_weight(font.get(),
                                    style.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description(layout.get(), font.get());
  pango_layout_set_width(layout.get(), static_cast<int>(width * PANGO_SCALE));
  pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment(layout.get(), style.align);
  pango_layout_set_text(layout.get(), text.data(), static_cast<int>(text.size()));
  cairo_set_source_rgb(cr, style.gray, style.gray, style.gray);
  cairo_move_to(cr, x, y);
  pango_cairo_show_layout(cr, layout.get());
  int height = 0;
  pango_layout_get_size(layout.get(), nullptr, &height);
  return static_cast<double>(height) / PANGO_SCALE;
}

// The QR code of `text` as filled squares, `side` points wide, at (x, y).
// Dark modules in a row are merged into one rectangle: fewer PDF operators.
Status draw_qr(cairo_t* cr, const std::string& text, double x, double y, double side) {
  std::unique_ptr<QRcode, QrDeleter> code(
      QRcode_encodeString(text.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1));
  if (!code) return Error::internal("cannot encode the verification URL as a QR code");
  const int width = code->width;
  constexpr int kQuietZone = 2;  // modules of white around the code (drawn on white paper)
  const double module = side / (width + 2 * kQuietZone);
  cairo_set_source_rgb(cr, 0, 0, 0);
  for (int row = 0; row < width; ++row) {
    int col = 0;
    while (col < width) {
      if ((code->data[row * width + col] & 1) == 0) {
        ++col;
        continue;
      }
      const int run_start = col;
      while (col < width && (code->data[row * width + col] & 1) != 0) ++col;
      cairo_rectangle(cr, x + (kQuietZone + run_start) * module, y + (kQuietZone + row) * module,
                      (col - run_start) * module, module);
    }
  }
  cairo_fill(cr);
  return ok_status();
}

void draw_frame(cairo_t* cr) {
  cairo_set_source_rgb(cr, 0.55, 0.45, 0.25);
  cairo_set_line_width(cr, 3);
  cairo_rectangle(cr, kMargin / 2, kMargin / 2, kPageWidth - kMargin, kPageHeight - kMargin);
  cairo_stroke(cr);
  cairo_set_line_width(cr, 0.8);
  cairo_rectangle(cr, kMargin / 2 + 7, kMargin / 2 + 7, kPageWidth - kMargin - 14,
                  kPageHeight - kMargin - 14);
  cairo_stroke(cr);
}

// The logo fitted into a box of at most 150 x 56 points, centred at the top.
void draw_logo(cairo_t* cr, cairo_surface_t* logo) {
  const double width = cairo_image_surface_get_width(logo);
  const double height = cairo_image_surface_get_height(logo);
  const double scale = std::min(150.0 / width, 56.0 / height);
  cairo_save(cr);
  cairo_translate(cr, (kPageWidth - width * scale) / 2, kMargin + 12);
  cairo_scale(cr, scale, scale);
  cairo_set_source_surface(cr, logo, 0, 0);
  cairo_paint(cr);
  cairo_restore(cr);
}

// PDF dates look like "D:20270510000000Z"; cairo takes ISO 8601 and converts.
std::string pdf_date(const std::string& issued_on) {
  if (issued_on.size() != 10) return "2000-01-01T00:00:00Z";
  return issued_on + "T00:00:00Z";
}

Status draw_certificate(cairo_t* cr, const CertificateContent& content) {
  const std::string& lang = content.language;
  draw_frame(cr);
  if (!content.logo_png.empty()) {
    Surface logo = load_png(content.logo_png);
    if (!logo) return Error::invalid("logo", "the logo is not a PNG image");
    draw_logo(cr, logo.get());
  }
  const double inner = kPageWidth - 2 * kMargin - 40;
  const double left = kMargin + 20;
  double y = 112;
  y += draw_text(cr, content.title, left, y, inner,
                 {.family = kSerifFamily, .size = 34, .bold = true, .gray = 0.1});
  y += 16;
  y += draw_text(cr, content.recipient_name, left, y, inner,
                 {.family = kSerifFamily, .size = 28, .bold = true, .gray = 0.0});
  y += 14;
  y += draw_text(cr, content.body_line, left + 60, y, inner - 120, {.size = 13});
  y += 18;
  // The same layout for every kind; only the rows of facts differ.
  const bool attendance = content.kind == "attendance";
  std::vector<std::pair<const char*, std::string>> details;
  if (attendance)
    details = {{"community", content.community_name},
               {"event", content.event_title},
               {"date", content.period},
               {"venue", content.venue}};
  else if (content.kind == "mentoring")
    details = {{"community", content.community_name},
               {"program", content.program_name},
               {"role", certificate_label(lang, content.role)},
               {"period", content.period}};
  else
    details = {{"community", content.community_name},
               {"cohort", content.cohort_name},
               {"project", content.project_title},
               {"role", certificate_label(lang, content.role)},
               {"period", content.period}};
  for (const auto& [key, value] : details) {
    if (attendance && value.empty()) continue;
    const double label_width = 170;
    draw_text(cr, certificate_label(lang, key), left + 120, y, label_width,
              {.size = 12, .align = PANGO_ALIGN_RIGHT, .gray = 0.45});
    y += std::max(draw_text(cr, value, left + 120 + label_width + 16, y, inner - 420,
                            {.size = 12, .align = PANGO_ALIGN_LEFT}),
                  16.0) +
         4;
  }

  // Bottom left: the QR code and the number; bottom right: the signature.
  const double qr_side = 92;
  const double bottom = kPageHeight - kMargin - 10;
  if (auto drawn = draw_qr(cr, content.verify_url, left, bottom - qr_side - 44, qr_side); !drawn)
    return drawn;
  draw_text(cr, certificate_label(lang, "number") + "  " + content.number, left, bottom - 40, 360,
            {.size = 10, .align = PANGO_ALIGN_LEFT, .gray = 0.2});
  draw_text(cr, certificate_label(lang, "verify") + "  " + content.verify_url, left, bottom - 24,
            420, {.size = 8.5, .align = PANGO_ALIGN_LEFT, .gray = 0.35});

  const double sign_left = kPageWidth - kMargin - 20 - 240;
  draw_text(cr, certificate_label(lang, "issued") + "  " + content.issued_on, sign_left,
            bottom - 110, 240, {.size = 11, .gray = 0.3});
  cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
  cairo_set_line_width(cr, 0.8);
  cairo_move_to(cr, sign_left + 20, bottom - 58);
  cairo_line_to(cr, sign_left + 220, bottom - 58);
  cairo_stroke(cr);
  draw_text(cr, content.signature_name, sign_left, bottom - 52, 240,
            {.family = kSerifFamily, .size = 13, .bold = true, .gray = 0.1});
  draw_text(cr, content.signature_title, sign_left, bottom - 32, 240, {.size = 10, .gray = 0.4});
  return ok_status();
}

// A PDF surface writing into `out`, with fixed metadata so that the same
// content always gives the same bytes.
Surface pdf_surface(std::string& out, const std::string& title, const std::string& date) {
  Surface surface(
      cairo_pdf_surface_create_for_stream(append_to_string, &out, kPageWidth, kPageHeight));
  cairo_pdf_surface_restrict_to_version(surface.get(), CAIRO_PDF_VERSION_1_5);
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, title.c_str());
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "moim");
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATE_DATE, date.c_str());
  return surface;
}

Status finish(Surface& surface) {
  cairo_surface_finish(surface.get());
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS)
    return Error::internal(std::string("cannot write the PDF: ") +
                           cairo_status_to_string(cairo_surface_status(surface.get())));
  return ok_status();
}

}  // namespace

std::string certificate_label(const std::string& language, const std::string& key) {
  auto table = labels().find(language);
  if (table == labels().end()) table = labels().find("en");
  auto found = table->second.find(key);
  return found == table->second.end() ? key : found->second;
}

Status check_logo_png(const std::string& bytes) {
  if (bytes.empty()) return Error::invalid("logo", "the logo is empty");
  if (bytes.size() > kMaxLogoBytes)
    return Error::invalid(
        "logo", "the logo must be at most " + std::to_string(kMaxLogoBytes / 1024) + " KB");
  static constexpr std::string_view kPngSignature{"\x89PNG\r\n\x1a\n", 8};
  if (!std::string_view(bytes).starts_with(kPngSignature))
    return Error::invalid("logo", "the logo must be a PNG image");
  Surface image = load_png(bytes);
  if (!image) return Error::invalid("logo", "the logo is not a PNG image cairo can read");
  const int width = cairo_image_surface_get_width(image.get());
  const int height = cairo_image_surface_get_height(image.get());
  if (width < 1 || height < 1 || width > kMaxLogoSide || height > kMaxLogoSide)
    return Error::invalid("logo", "the logo must be at most " + std::to_string(kMaxLogoSide) +
                                      " pixels on each side");
  return ok_status();
}

Status check_cjk_font() {
  static std::once_flag checked;
  static Status result = ok_status();
  std::call_once(checked, [] {
    FcPattern* pattern = FcNameParse(reinterpret_cast<const FcChar8*>(kSansFamily));
    FcConfigSubstitute(nullptr, pattern, FcMatchPattern);
    FcDefaultSubstitute(pattern);
    FcResult match_result = FcResultNoMatch;
    FcPattern* match = FcFontMatch(nullptr, pattern, &match_result);
    std::string family;
    FcChar8* found = nullptr;
    if (match && FcPatternGetString(match, FC_FAMILY, 0, &found) == FcResultMatch)
      family = reinterpret_cast<const char*>(found);
    if (match) FcPatternDestroy(match);
    FcPatternDestroy(pattern);
    // fontconfig always answers with something; only a Noto CJK face renders Korean right.
    if (family.find("CJK") == std::string::npos)
      result =
          Error::internal("the Noto CJK font is missing (fontconfig offered '" + family +
                          "'): install the Debian package fonts-noto-cjk to render certificates");
  });
  return result;
}

Result<std::string> render_certificate_pdf(const CertificateContent& content) {
  if (auto font = check_cjk_font(); !font) return font.error();
  std::string out;
  {
    Surface surface =
        pdf_surface(out, content.title + " " + content.number, pdf_date(content.issued_on));
    Context cr(cairo_create(surface.get()));
    cairo_set_source_rgb(cr.get(), 1, 1, 1);
    cairo_paint(cr.get());
    if (auto drawn = draw_certificate(cr.get(), content); !drawn) return drawn.error();
    cairo_show_page(cr.get());
    cr.reset();
    if (auto done = finish(surface); !done) return done.error();
  }
  return out;
}

Result<std::string> render_blank_pdf() {
  std::string out;
  {
    Surface surface = pdf_surface(out, "blank", pdf_date(""));
    Context cr(cairo_create(surface.get()));
    cairo_show_page(cr.get());
    cr.reset();
    if (auto done = finish(surface); !done) return done.error();
  }
  return out;
}

}  // namespace moim::certificates
