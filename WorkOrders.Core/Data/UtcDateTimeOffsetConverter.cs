using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace WorkOrders.Core.Data;

/// <summary>Writes every instant as UTC (PostgreSQL's timestamptz keeps no offset); reads come back as UTC too.</summary>
public sealed class UtcDateTimeOffsetConverter() : ValueConverter<DateTimeOffset, DateTimeOffset>(v => v.ToUniversalTime(), v => v.ToUniversalTime());
