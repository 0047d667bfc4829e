#include "events/import/csv_reader.h"

#include <gtest/gtest.h>

namespace mrtrack::events::import {
namespace {

using Fields = std::vector<std::string>;

CsvTable Read(std::string_view text) {
  auto table = ReadCsv(text);
  EXPECT_TRUE(table.ok()) << table.status().ToString();
  return table.ok() ? *table : CsvTable{};
}

TEST(CsvReaderTest, PlainFieldsAndLineEndings) {
  CsvTable t = Read("a,b,c\r\n1,2,3\n4,5,6\r7,8,9");
  ASSERT_EQ(t.records.size(), 4u);
  EXPECT_EQ(t.delimiter, ',');
  EXPECT_EQ(t.records[0].fields, (Fields{"a", "b", "c"}));
  EXPECT_EQ(t.records[1].fields, (Fields{"1", "2", "3"}));
  EXPECT_EQ(t.records[2].fields, (Fields{"4", "5", "6"}));
  EXPECT_EQ(t.records[3].fields, (Fields{"7", "8", "9"}));
  EXPECT_EQ(t.records[3].line, 4);
  EXPECT_EQ(t.records[3].row, 4);
}

TEST(CsvReaderTest, QuotedFieldsHoldDelimitersQuotesAndLineBreaks) {
  CsvTable t = Read("a,b\r\n\"one, two\",\"say \"\"yes\"\"\"\r\n\"first line\r\nsecond line\",x\r\nlast,\"\"\r\n");
  ASSERT_EQ(t.records.size(), 4u);
  EXPECT_EQ(t.records[1].fields, (Fields{"one, two", "say \"yes\""}));
  EXPECT_EQ(t.records[2].fields, (Fields{"first line\nsecond line", "x"}));  // CRLF inside a field becomes \n
  EXPECT_EQ(t.records[2].line, 3);
  EXPECT_EQ(t.records[3].line, 5);  // the record after a two-line field
  EXPECT_EQ(t.records[3].fields, (Fields{"last", ""}));
}

TEST(CsvReaderTest, SemicolonsAsExcelWritesThemAndAByteOrderMark) {
  CsvTable t = Read("\xEF\xBB\xBF" "Key Action;Deadline\n\"Train, then test\";2026/01\n");
  EXPECT_EQ(t.delimiter, ';');
  ASSERT_EQ(t.records.size(), 2u);
  EXPECT_EQ(t.records[0].fields, (Fields{"Key Action", "Deadline"}));
  EXPECT_EQ(t.records[1].fields, (Fields{"Train, then test", "2026/01"}));
}

TEST(CsvReaderTest, EmptyRecordsAreSkippedButCounted) {
  CsvTable t = Read("a,b\n\n,,\nx,\n,y\n");
  ASSERT_EQ(t.records.size(), 3u);
  EXPECT_EQ(t.records[1].row, 4);
  EXPECT_EQ(t.records[1].fields, (Fields{"x", ""}));  // a trailing delimiter is an empty last field
  EXPECT_EQ(t.records[2].fields, (Fields{"", "y"}));
  EXPECT_EQ(t.records[2].line, 5);
}

TEST(CsvReaderTest, BlanksAroundUnquotedFieldsGoQuotedOnesStay) {
  CsvTable t = Read("a , \" b \" \n");
  EXPECT_EQ(t.records[0].fields, (Fields{"a", " b "}));
}

struct BadCsv {
  std::string text, field, message;
};

TEST(CsvReaderTest, ErrorsNameRowColumnAndLine) {
  for (const BadCsv& c : {
           BadCsv{"a,b\n1,\"open\nstill open", "row 2, column 2",
                  "a quoted field never closes: a '\"' is missing (line 2)"},
           BadCsv{"a,b\n1,\"closed\"x\n", "row 2, column 2", "text after the closing quote of a quoted field (line 2)"},
           BadCsv{"a,b\nx,1 \"inch\"\n", "row 2, column 2",
                  "a '\"' inside a field that does not start with one (quote the whole field and double the quote) "
                  "(line 2)"},
           BadCsv{"a\nAlmat\xFD\n", "row 2, column 1",
                  "the text is not UTF-8 (byte 6 of the field); save the spreadsheet as CSV UTF-8 (line 2)"},
       }) {
    auto t = ReadCsv(c.text);
    ASSERT_FALSE(t.ok()) << c.text;
    EXPECT_EQ(t.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(t.status().field(), c.field) << c.text;
    EXPECT_EQ(t.status().message(), c.message) << c.text;
  }
}

}  // namespace
}  // namespace mrtrack::events::import
