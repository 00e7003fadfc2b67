using Mesh.Client.Import;

namespace Mesh.Client.Tests.Import;

public class CsvTests
{
    [Fact]
    public void Plain_records_with_crlf_lf_and_a_lone_cr()
    {
        var records = Csv.Parse("a,b,c\r\nd,e,f\ng,h,i\rj,k,l").ToList();
        Assert.Equal([1, 2, 3, 4], records.Select(r => r.Line));
        Assert.Equal(["j", "k", "l"], records[3].Fields);
        Assert.All(records, r => Assert.Null(r.Error));
    }

    [Fact]
    public void Quoted_fields_hold_commas_doubled_quotes_and_line_breaks()
    {
        var records = Csv.Parse("\"x,y\",\"say \"\"hi\"\"\",\"two\r\nlines\nand three\"\nnext,\"\",end\n").ToList();
        Assert.Equal(2, records.Count);
        Assert.Equal(["x,y", "say \"hi\"", "two\r\nlines\nand three"], records[0].Fields);
        // The second record starts after the three physical lines of the first.
        Assert.Equal(4, records[1].Line);
        Assert.Equal(["next", "", "end"], records[1].Fields);
    }

    [Fact]
    public void Empty_fields_trailing_commas_blank_lines_and_a_bom()
    {
        var records = Csv.Parse("\uFEFFa,,\r\n\r\n,b\n\n").ToList();
        Assert.Equal(2, records.Count);
        Assert.Equal(["a", "", ""], records[0].Fields);
        Assert.Equal(["", "b"], records[1].Fields);
        Assert.Equal(3, records[1].Line);
    }

    [Theory]
    [InlineData("a,\"b\"x,c\nd,e,f", "closing quote")]
    [InlineData("a,b\"c,d\nd,e,f", "does not start with one")]
    public void A_malformed_record_is_marked_and_reading_goes_on(string text, string reason)
    {
        var records = Csv.Parse(text).ToList();
        Assert.Equal(2, records.Count);
        Assert.Contains(reason, records[0].Error, StringComparison.Ordinal);
        Assert.Equal(3, records[0].Fields.Count);
        Assert.Null(records[1].Error);
        Assert.Equal(2, records[1].Line);
    }

    [Fact]
    public void An_unclosed_quote_marks_the_record_it_starts()
    {
        var records = Csv.Parse("h1,h2\nok,1\n\"open,2\nmore\n").ToList();
        Assert.Equal(3, records.Count);
        Assert.Equal(3, records[2].Line);
        Assert.Contains("not closed", records[2].Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("with,comma")]
    [InlineData("with \"quotes\"")]
    [InlineData("line\r\nbreak")]
    [InlineData(" edge space ")]
    [InlineData("")]
    public void Format_round_trips_through_parse(string field)
    {
        var line = Csv.Format([field, "x"]);
        var record = Assert.Single(Csv.Parse(line + "\r\n"));
        Assert.Equal([field, "x"], record.Fields);
    }
}
