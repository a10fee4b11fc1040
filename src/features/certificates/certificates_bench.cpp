// Certificate rendering: the issue asks for 1,000 certificates in under 60 s
// on one core. The baseline is a blank one-page A4 PDF from the same cairo
// PDF surface, so the ratio shows what pango, the CJK font subset and the
// QR code cost on top of writing a PDF at all.
#include <benchmark/benchmark.h>

#include "features/certificates/pdf_renderer.hpp"

namespace {

using moim::certificates::CertificateContent;

CertificateContent content(int index) {
  CertificateContent certificate;
  certificate.language = index % 2 == 0 ? "ko" : "en";
  certificate.title = index % 2 == 0 ? "수료증" : "Certificate of Completion";
  certificate.body_line =
      "위 사람은 가짜연구소 10기 「LLM 논문 읽기」에 러너로 참여하여 소정의 과정을 마쳤습니다.";
  // Different names: each certificate subsets a different set of glyphs.
  static const char* kNames[] = {"김러너", "이빌더", "박서연", "최지훈", "정하은", "Alex Kim"};
  certificate.recipient_name = kNames[index % 6];
  certificate.community_name = "가짜연구소";
  certificate.cohort_name = "10기";
  certificate.project_title = "LLM 논문 읽기 " + std::to_string(index % 50);
  certificate.role = index % 10 == 0 ? "builder" : "runner";
  certificate.period = "2027-03-01 – 2027-04-30";
  certificate.issued_on = "2027-05-10";
  certificate.number =
      "CERT-202705-" + std::string(8 - std::to_string(index).size(), '0') + std::to_string(index);
  certificate.verify_url = "https://moim.example/verify/" + certificate.number;
  certificate.signature_name = "가짜연구소";
  certificate.signature_title = "운영진";
  return certificate;
}

void BM_BlankPdf(benchmark::State& state) {
  for (auto _ : state) {
    auto pdf = moim::certificates::render_blank_pdf();
    benchmark::DoNotOptimize(pdf);
  }
}
BENCHMARK(BM_BlankPdf)->Unit(benchmark::kMillisecond);

void BM_Certificate(benchmark::State& state) {
  int index = 0;
  std::size_t bytes = 0;
  for (auto _ : state) {
    auto pdf = moim::certificates::render_certificate_pdf(content(index++));
    if (!pdf) state.SkipWithError(pdf.error().message.c_str());
    bytes = pdf ? pdf->size() : 0;
    benchmark::DoNotOptimize(pdf);
  }
  state.counters["pdf_kb"] = static_cast<double>(bytes) / 1024;
}
BENCHMARK(BM_Certificate)->Unit(benchmark::kMillisecond);

// The figure as one run: 1,000 certificates, one thread.
void BM_ThousandCertificates(benchmark::State& state) {
  for (auto _ : state) {
    for (int index = 0; index < 1000; ++index) {
      auto pdf = moim::certificates::render_certificate_pdf(content(index));
      if (!pdf) state.SkipWithError(pdf.error().message.c_str());
      benchmark::DoNotOptimize(pdf);
    }
  }
}
BENCHMARK(BM_ThousandCertificates)->Iterations(1)->Unit(benchmark::kSecond);

}  // namespace

BENCHMARK_MAIN();
