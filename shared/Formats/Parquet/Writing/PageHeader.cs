using Handoff.Shared.Formats.Parquet.Thrift;
using Ids = Handoff.Shared.Formats.Parquet.Thrift.ParquetThriftIds;

namespace Handoff.Shared.Formats.Parquet.Writing;

/// <summary>Thrift PageHeaders (parquet.thrift) of v1 data pages and dictionary pages.</summary>
internal static class PageHeader
{
    public static byte[] DataPage(int valueCount, int encoding, int uncompressedBytes, int compressedBytes)
    {
        var dataPage = new ThriftStruct();
        dataPage.Set(Ids.DataPageHeader.NumValues, ThriftType.I32, (long)valueCount);
        dataPage.Set(Ids.DataPageHeader.Encoding, ThriftType.I32, (long)encoding);
        dataPage.Set(Ids.DataPageHeader.DefinitionLevelEncoding, ThriftType.I32, (long)Ids.Encoding.Rle);
        dataPage.Set(Ids.DataPageHeader.RepetitionLevelEncoding, ThriftType.I32, (long)Ids.Encoding.Rle);
        return Header(Ids.PageType.DataPage, uncompressedBytes, compressedBytes, Ids.PageHeader.DataPageHeader, dataPage);
    }

    public static byte[] DictionaryPage(int entryCount, int uncompressedBytes, int compressedBytes)
    {
        var dictionaryPage = new ThriftStruct();
        dictionaryPage.Set(Ids.DictionaryPageHeader.NumValues, ThriftType.I32, (long)entryCount);
        dictionaryPage.Set(Ids.DictionaryPageHeader.Encoding, ThriftType.I32, (long)Ids.Encoding.PlainDictionary);
        return Header(Ids.PageType.DictionaryPage, uncompressedBytes, compressedBytes, Ids.PageHeader.DictionaryPageHeader, dictionaryPage);
    }

    private static byte[] Header(int pageType, int uncompressedBytes, int compressedBytes, short pageHeaderField, ThriftStruct pageHeader)
    {
        var header = new ThriftStruct();
        header.Set(Ids.PageHeader.Type, ThriftType.I32, (long)pageType);
        header.Set(Ids.PageHeader.UncompressedPageSize, ThriftType.I32, (long)uncompressedBytes);
        header.Set(Ids.PageHeader.CompressedPageSize, ThriftType.I32, (long)compressedBytes);
        header.Set(pageHeaderField, ThriftType.Struct, pageHeader);
        return ThriftCompactWriter.Write(header);
    }
}
