using System.Globalization;
using FraiseQL.Execution;
using FraiseQL.Schema;
using Npgsql;
using NpgsqlTypes;

namespace FraiseQL.Sql;

/// <summary>
/// Builds the positional, typed parameters of a mutation call from
/// <see cref="MutationDescriptor.Parameters"/>: arguments found by their path in the field's
/// arguments, the whole <c>input</c> as JSONB with storage (snake_case) keys, and injected claim
/// values. Lists become arrays; enums arrive as their storage strings.
/// </summary>
internal sealed class MutationParameterBinder(SchemaIndex schema)
{
    public List<NpgsqlParameter> Bind(MutationDescriptor mutation, FieldSelection field, RequestContext context)
    {
        var parameters = new List<NpgsqlParameter>(mutation.Parameters.Length);
        foreach (var p in mutation.Parameters)
        {
            object? value;
            switch (p.Source)
            {
                case SqlParameterSource.Injected:
                {
                    var claim = p.Path.Length > 0 ? p.Path[0] : p.Name;
                    if (!context.Claims.TryGetValue(claim, out var claimValue))
                    {
                        throw context.IsAuthenticated
                            ? SqlErrors.Create(field, $"{mutation.Name} needs the '{claim}' claim, which the caller's token does not carry.", "FORBIDDEN")
                            : SqlErrors.Create(field, $"{mutation.Name} requires an authenticated caller (it reads the '{claim}' claim).", "UNAUTHENTICATED");
                    }
                    value = Convert(claimValue, p, field);
                    break;
                }
                case SqlParameterSource.InputAsJsonb:
                {
                    var raw = Find(field.Arguments, p.Path, out var found);
                    // an input object's keys become its fields' storage keys; a whole `input: JSON` is snake_cased at
                    // every depth (FORMATS §4.1), unlike a JSON value inside an input, which is written as given
                    var inputType = TypeRef.Parse(p.GraphQLType).NamedType;
                    value = found && raw is not null
                        ? JsonArgumentWriter.Write(schema, raw, schema.InputTypes.ContainsKey(inputType) ? inputType : null)
                        : null;
                    break;
                }
                default:
                {
                    var raw = Find(field.Arguments, p.Path, out _);
                    value = Convert(raw, p, field);
                    break;
                }
            }
            parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value, NpgsqlDbType = p.DbType });
        }
        return parameters;
    }

    private static object? Find(IReadOnlyDictionary<string, object?> arguments, string[] path, out bool found)
    {
        object? current = arguments;
        found = false;
        foreach (var segment in path)
        {
            if (current is not IReadOnlyDictionary<string, object?> map || !map.TryGetValue(segment, out current))
            {
                return null;
            }
        }
        found = true;
        return current;
    }

    private object? Convert(object? value, SqlParameterDescriptor p, FieldSelection field)
    {
        if (value is null)
        {
            return null;
        }
        var what = $"argument {string.Join('.', p.Path)}";
        if ((p.DbType & NpgsqlDbType.Array) != 0)
        {
            if (value is not IReadOnlyList<object?> list)
            {
                list = [value];
            }
            var element = p.DbType & ~NpgsqlDbType.Array;
            return element switch
            {
                NpgsqlDbType.Uuid => list.Select(v => (Guid?)(v is null ? null : (Guid)ConvertScalar(v, element, field, what)!)).ToArray(),
                NpgsqlDbType.Integer => list.Select(v => (int?)(v is null ? null : (int)ConvertScalar(v, element, field, what)!)).ToArray(),
                NpgsqlDbType.Bigint => list.Select(v => (long?)(v is null ? null : (long)ConvertScalar(v, element, field, what)!)).ToArray(),
                NpgsqlDbType.Numeric => list.Select(v => (decimal?)(v is null ? null : (decimal)ConvertScalar(v, element, field, what)!)).ToArray(),
                NpgsqlDbType.Boolean => list.Select(v => (bool?)(v is null ? null : (bool)ConvertScalar(v, element, field, what)!)).ToArray(),
                _ => (object)list.Select(v => v is null ? null : (string?)ConvertScalar(v, NpgsqlDbType.Text, field, what)).ToArray(),
            };
        }
        return ConvertScalar(value, p.DbType, field, what, TypeRef.Parse(p.GraphQLType).NamedType);
    }

    private object? ConvertScalar(object value, NpgsqlDbType type, FieldSelection field, string what, string? inputTypeName = null)
    {
        try
        {
            switch (type)
            {
                case NpgsqlDbType.Uuid:
                    return value is string s && Guid.TryParse(s, out var g)
                        ? g
                        : throw SqlErrors.BadUserInput(field, $"{what}: '{value}' is not a valid UUID.");
                case NpgsqlDbType.Integer:
                    return System.Convert.ToInt32(value, CultureInfo.InvariantCulture);
                case NpgsqlDbType.Smallint:
                    return System.Convert.ToInt16(value, CultureInfo.InvariantCulture);
                case NpgsqlDbType.Bigint:
                    return System.Convert.ToInt64(value, CultureInfo.InvariantCulture);
                case NpgsqlDbType.Numeric:
                    return System.Convert.ToDecimal(value, CultureInfo.InvariantCulture);
                case NpgsqlDbType.Double:
                    return System.Convert.ToDouble(value, CultureInfo.InvariantCulture);
                case NpgsqlDbType.Real:
                    return System.Convert.ToSingle(value, CultureInfo.InvariantCulture);
                case NpgsqlDbType.Boolean:
                    return value is bool b ? b : throw SqlErrors.BadUserInput(field, $"{what}: expected true or false.");
                case NpgsqlDbType.TimestampTz:
                    return value is string ts
                        ? DateTimeOffset.Parse(ts, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).UtcDateTime
                        : throw SqlErrors.BadUserInput(field, $"{what}: expected an ISO 8601 date-time string.");
                case NpgsqlDbType.Timestamp:
                    return value is string t
                        ? DateTime.SpecifyKind(DateTime.Parse(t, CultureInfo.InvariantCulture), DateTimeKind.Unspecified)
                        : throw SqlErrors.BadUserInput(field, $"{what}: expected an ISO 8601 date-time string.");
                case NpgsqlDbType.Date:
                    return value is string d
                        ? DateOnly.Parse(d, CultureInfo.InvariantCulture)
                        : throw SqlErrors.BadUserInput(field, $"{what}: expected a YYYY-MM-DD date string.");
                case NpgsqlDbType.Jsonb or NpgsqlDbType.Json:
                    return JsonArgumentWriter.Write(schema, value, inputTypeName);
                default:
                    return value switch
                    {
                        string str => str,
                        bool bl => bl ? "true" : "false",
                        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                        _ => JsonArgumentWriter.Write(schema, value, inputTypeName),
                    };
            }
        }
        catch (FormatException)
        {
            throw SqlErrors.BadUserInput(field, $"{what}: '{value}' is not a valid {type} value.");
        }
        catch (OverflowException)
        {
            throw SqlErrors.BadUserInput(field, $"{what}: {value} is out of range for {type}.");
        }
        catch (InvalidCastException)
        {
            throw SqlErrors.BadUserInput(field, $"{what}: {value} cannot be passed as {type}.");
        }
    }
}
