// Tar archives as backups write and read them: round trips through the
// system's tar, and refusal of what could escape the target directory.
#include "common/tar.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/support/temp_dir.h"

namespace mrtrack {
namespace {

namespace fs = std::filesystem;
using test_support::TempDir;

std::string Archive(const std::vector<std::pair<std::string, std::string>>& files) {
  std::string out;
  for (const auto& [path, content] : files) {
    auto header = TarFileHeader(path, content.size(), 1767225600);
    EXPECT_TRUE(header.ok()) << header.status().ToString();
    out += *header + content + TarPadding(content.size());
  }
  return out + TarEnd();
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(TarTest, WhatItWritesTheSystemTarReadsAndWhatItReadsComesBackByteForByte) {
  TempDir dir;
  const std::string big(70000, 'x');
  const std::string archive = Archive({{"manifest.json", "{}\n"}, {"events/000001.sst", big}, {"events/EMPTY", ""}});
  std::ofstream(dir.Sub("a.tar"), std::ios::binary) << archive;
  fs::create_directories(dir.Sub("by-tar"));
  ASSERT_EQ(std::system(("tar -xf " + dir.Sub("a.tar") + " -C " + dir.Sub("by-tar")).c_str()), 0);
  EXPECT_EQ(Slurp(dir.Sub("by-tar/events/000001.sst")), big);

  // Fed in awkward pieces: 1, 7, 511, 513... bytes at a time.
  TarExtractor extractor(dir.Sub("ours"));
  std::size_t at = 0, step = 1;
  while (at < archive.size()) {
    std::size_t n = std::min(step, archive.size() - at);
    ASSERT_TRUE(extractor.Feed(std::string_view(archive).substr(at, n)).ok());
    at += n;
    step = step * 7 + 3;
  }
  ASSERT_TRUE(extractor.Finish().ok());
  EXPECT_EQ(extractor.files(), (std::vector<std::string>{"manifest.json", "events/000001.sst", "events/EMPTY"}));
  EXPECT_EQ(Slurp(dir.Sub("ours/manifest.json")), "{}\n");
  EXPECT_EQ(Slurp(dir.Sub("ours/events/000001.sst")), big);
  EXPECT_TRUE(fs::exists(dir.Sub("ours/events/EMPTY")));
}

TEST(TarTest, ItReadsWhatTheSystemTarWrites) {
  TempDir dir;
  fs::create_directories(dir.Sub("src/events"));
  std::ofstream(dir.Sub("src/events/CURRENT")) << "MANIFEST-000005\n";
  ASSERT_EQ(std::system(("tar --format=ustar -cf " + dir.Sub("b.tar") + " -C " + dir.Sub("src") + " events").c_str()),
            0);
  TarExtractor extractor(dir.Sub("out"));
  ASSERT_TRUE(extractor.Feed(Slurp(dir.Sub("b.tar"))).ok());
  ASSERT_TRUE(extractor.Finish().ok());
  EXPECT_EQ(Slurp(dir.Sub("out/events/CURRENT")), "MANIFEST-000005\n");
}

TEST(TarTest, PathsThatCouldLeaveTheDirectoryAreRefusedOnBothSides) {
  for (const char* bad : {"/etc/passwd", "../x", "events/../../x", "a//b", "./a", "a b", "a\\b", ""}) {
    EXPECT_FALSE(CheckArchivePath(bad).ok()) << bad;
    EXPECT_FALSE(TarFileHeader(bad, 1, 0).ok()) << bad;
  }
  EXPECT_TRUE(CheckArchivePath("events/OPTIONS-000007").ok());

  // A header written by hand with "../escape" as its name.
  TempDir dir;
  auto header = TarFileHeader("xxescape", 2, 0);
  ASSERT_TRUE(header.ok());
  std::string evil = *header;
  evil.replace(0, 8, "../escap");
  // Fix the checksum so that only the name is wrong.
  unsigned sum = 0;
  for (std::size_t i = 0; i < kTarBlock; ++i) sum += (i >= 148 && i < 156) ? unsigned{' '} : unsigned{static_cast<unsigned char>(evil[i])};
  char field[8];
  std::snprintf(field, sizeof field, "%06o", sum);
  evil.replace(148, 7, std::string(field, 7));
  TarExtractor extractor(dir.Sub("out"));
  Status fed = extractor.Feed(evil + "hi" + TarPadding(2) + TarEnd());
  EXPECT_EQ(fed.code(), StatusCode::kCorruption) << fed.ToString();
  EXPECT_NE(fed.message().find("'..' part"), std::string::npos) << fed.ToString();
  EXPECT_FALSE(fs::exists(dir.Sub("escap")));
}

TEST(TarTest, ACutArchiveABadChecksumAndALinkAreErrors) {
  TempDir dir;
  const std::string archive = Archive({{"events/a", std::string(1000, 'a')}});
  {
    TarExtractor cut(dir.Sub("cut"));
    ASSERT_TRUE(cut.Feed(archive.substr(0, 700)).ok());
    Status finished = cut.Finish();
    EXPECT_EQ(finished.code(), StatusCode::kCorruption);
    EXPECT_NE(finished.message().find("ends inside 'events/a'"), std::string::npos) << finished.ToString();
  }
  {
    TarExtractor no_end(dir.Sub("no-end"));
    ASSERT_TRUE(no_end.Feed(archive.substr(0, archive.size() - kTarBlock * 2)).ok());
    EXPECT_EQ(no_end.Finish().code(), StatusCode::kCorruption);
  }
  {
    std::string bad = archive;
    bad[10] = 'Z';
    TarExtractor extractor(dir.Sub("sum"));
    Status fed = extractor.Feed(bad);
    EXPECT_EQ(fed.code(), StatusCode::kCorruption);
    EXPECT_NE(fed.message().find("checksum"), std::string::npos) << fed.ToString();
    EXPECT_EQ(extractor.Finish().code(), StatusCode::kCorruption);  // Sticky.
  }
  {
    fs::create_directories(dir.Sub("src"));
    fs::create_symlink("/etc/passwd", dir.Sub("src/link"));
    ASSERT_EQ(std::system(("tar --format=ustar -cf " + dir.Sub("l.tar") + " -C " + dir.Sub("src") + " link").c_str()),
              0);
    TarExtractor extractor(dir.Sub("link-out"));
    Status fed = extractor.Feed(Slurp(dir.Sub("l.tar")));
    EXPECT_EQ(fed.code(), StatusCode::kCorruption);
    EXPECT_NE(fed.message().find("not a regular file"), std::string::npos) << fed.ToString();
    EXPECT_FALSE(fs::exists(dir.Sub("link-out/link")));
  }
}

}  // namespace
}  // namespace mrtrack
