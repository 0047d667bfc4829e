#include "events/rocks_info_log.h"

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <string>

#include <rocksdb/env.h>
#include <spdlog/spdlog.h>

namespace mrtrack::events {
namespace {

class SpdlogRocksLogger final : public rocksdb::Logger {
 public:
  explicit SpdlogRocksLogger(std::string name) : rocksdb::Logger(rocksdb::InfoLogLevel::ERROR_LEVEL), name_(std::move(name)) {}

  // RocksDB's formats are printf's: the attributes let -Wformat-nonliteral
  // check the callers' literals instead of refusing the pass-through.
  // Lines without a level (the options dumped at open) are info lines.
  __attribute__((format(printf, 2, 0))) void Logv(const char* format, va_list ap) override {
    Logv(rocksdb::InfoLogLevel::INFO_LEVEL, format, ap);
  }
  __attribute__((format(printf, 3, 0))) void Logv(const rocksdb::InfoLogLevel level, const char* format,
                                                  va_list ap) override {
    if (level < GetInfoLogLevel()) return;
    Write(level, format, ap);
  }

 private:
  __attribute__((format(printf, 3, 0))) void Write(rocksdb::InfoLogLevel level, const char* format, va_list ap) {
    char buffer[2048];
    va_list copy;
    va_copy(copy, ap);
    const int n = std::vsnprintf(buffer, sizeof buffer, format, copy);
    va_end(copy);
    if (n < 0) return;
    std::string text(buffer, std::min<std::size_t>(static_cast<std::size_t>(n), sizeof buffer - 1));
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    const auto spd = level >= rocksdb::InfoLogLevel::ERROR_LEVEL ? spdlog::level::err
                     : level >= rocksdb::InfoLogLevel::WARN_LEVEL ? spdlog::level::warn
                                                                   : spdlog::level::info;
    spdlog::log(spd, "rocksdb {}: {}", name_, text);
  }

  const std::string name_;
};

}  // namespace

std::shared_ptr<rocksdb::Logger> MakeRocksInfoLog(std::string name) {
  return std::make_shared<SpdlogRocksLogger>(std::move(name));
}

}  // namespace mrtrack::events
