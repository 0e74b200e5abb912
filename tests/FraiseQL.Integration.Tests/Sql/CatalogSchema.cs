using FraiseQL.Schema;
using NpgsqlTypes;

namespace FraiseQL.Integration.Tests.Sql;

/// <summary>
/// A test-only service covering what the example services do not: nested objects, wide
/// selections, lists of scalars, inject_params, session settings, slow views, the 13-column
/// mutation_response with a result union and an <c>is_error</c> type, and every 8-column status class.
/// </summary>
internal static class CatalogSchema
{
    public const string Migration = """
        CREATE TABLE tb_book (
            pk_book   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            id        uuid NOT NULL UNIQUE,
            tenant_id text NOT NULL,
            title     text NOT NULL,
            rating    int,
            published boolean NOT NULL DEFAULT false,
            author    jsonb,
            tags      text[]
        );
        CREATE VIEW v_book AS
        SELECT pk_book, id,
               jsonb_build_object('id', id, 'tenant_id', tenant_id, 'title', title, 'rating', rating, 'published', published,
                                  'author', author, 'tags', to_jsonb(tags),
                                  'wide', (SELECT jsonb_object_agg('f' || n, n) FROM generate_series(1, 120) n)) AS data
        FROM tb_book;

        CREATE FUNCTION sleepy(s float8) RETURNS boolean LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(s); RETURN true; END $$;
        CREATE VIEW v_slow_book AS SELECT id, data FROM v_book WHERE sleepy(30);
        CREATE VIEW v_whoami AS SELECT NULL::uuid AS id, jsonb_build_object('tenant', current_setting('app.tenant', true)) AS data;

        CREATE TYPE mutation_error_class AS ENUM ('validation', 'conflict', 'not_found', 'unauthorized', 'forbidden', 'internal',
                                                  'transaction_failed', 'timeout', 'rate_limited', 'service_unavailable');
        CREATE TYPE mutation_result_v2 AS (
            succeeded boolean, state_changed boolean, error_class mutation_error_class, status_detail text, http_status smallint,
            message text, entity_id uuid, entity_type text, entity jsonb, updated_fields text[], cascade jsonb, error_detail jsonb, metadata jsonb);

        CREATE FUNCTION fn_rate_book(p_id uuid, p_rating int, p_tenant text) RETURNS mutation_result_v2 AS $$
        DECLARE
            v_old int;
        BEGIN
            IF p_rating < 1 OR p_rating > 5 THEN
                RETURN ROW(false, false, 'validation', 'rating_range', NULL, 'rating must be between 1 and 5', NULL, 'BookError', NULL, NULL, NULL,
                           jsonb_build_object('field', 'rating', 'max', 5,
                                              'limits', jsonb_build_object('min', 1, 'max', 5, 'internal_note', 'not in the schema')), NULL)::mutation_result_v2;
            END IF;
            SELECT rating INTO v_old FROM tb_book WHERE id = p_id AND tenant_id = p_tenant FOR UPDATE;
            IF NOT FOUND THEN
                RETURN ROW(false, false, 'not_found', NULL, 404, 'Book not found', p_id, NULL, NULL, NULL, NULL, NULL, NULL)::mutation_result_v2;
            END IF;
            IF v_old IS NOT DISTINCT FROM p_rating THEN
                RETURN ROW(true, false, NULL, NULL, NULL, 'unchanged', p_id, 'Book', (SELECT data FROM v_book WHERE id = p_id), NULL, NULL, NULL, NULL)::mutation_result_v2;
            END IF;
            UPDATE tb_book SET rating = p_rating WHERE id = p_id;
            RETURN ROW(true, true, NULL, NULL, NULL, 'rated', p_id, 'Book', (SELECT data FROM v_book WHERE id = p_id), ARRAY['rating'],
                       jsonb_build_object(
                           'updated', jsonb_build_array(
                               jsonb_build_object('__typename', 'Book', 'id', p_id, 'operation', 'UPDATED',
                                                  'entity', jsonb_build_object('id', p_id, 'title', (SELECT title FROM tb_book WHERE id = p_id), 'rating', p_rating)),
                               jsonb_build_object('__typename', 'Shelf', 'id', '00000000-0000-0000-0000-00000000000a', 'operation', 'CREATED',
                                                  'entity', jsonb_build_object('id', '00000000-0000-0000-0000-00000000000a', 'label', 'Top rated', 'title', 'not a Book')),
                               jsonb_build_object('__typename', 'Gone', 'id', '00000000-0000-0000-0000-00000000000b', 'operation', 'UPDATED',
                                                  'entity', jsonb_build_object('id', '00000000-0000-0000-0000-00000000000b'))),
                           'deleted', jsonb_build_array(jsonb_build_object('__typename', 'Shelf', 'id', '00000000-0000-0000-0000-00000000000c', 'deletedAt', '2026-12-03T10:00:00Z')),
                           'invalidations', jsonb_build_array(jsonb_build_object('queryName', 'books', 'strategy', 'INVALIDATE', 'scope', 'PREFIX')),
                           'metadata', jsonb_build_object('timestamp', '2026-12-03T10:00:00Z', 'affectedCount', 4, 'depth', 1)),
                       NULL, jsonb_build_object('old', v_old))::mutation_result_v2;
        END;
        $$ LANGUAGE plpgsql;

        CREATE TABLE tb_touch (v text);
        CREATE FUNCTION fn_slow_touch(p_value text) RETURNS mutation_response AS $$
        BEGIN
            INSERT INTO tb_touch VALUES (p_value);
            PERFORM pg_sleep(30);
            RETURN ROW('created', 'touched', NULL, 'Book', jsonb_build_object('title', p_value), NULL, NULL, NULL)::mutation_response;
        END;
        $$ LANGUAGE plpgsql;

        CREATE FUNCTION fn_status(p_status text) RETURNS mutation_response AS $$
            SELECT ROW(p_status, 'message for ' || p_status, NULL, 'Book', jsonb_build_object('title', 'T'), NULL, NULL, NULL)::mutation_response;
        $$ LANGUAGE sql;

        -- what reached the function, as the title: a JSON value inside the input, and the whole input as JSONB
        CREATE FUNCTION fn_echo_extra(p_title text, p_extra jsonb) RETURNS mutation_response AS $$
            SELECT ROW('success', p_title, NULL, 'Book', jsonb_build_object('title', p_extra::text), NULL, NULL, NULL)::mutation_response;
        $$ LANGUAGE sql;
        CREATE FUNCTION fn_echo_input(p_input jsonb) RETURNS mutation_response AS $$
            SELECT ROW('success', 'echo', NULL, 'Book', jsonb_build_object('title', p_input::text), NULL, NULL, NULL)::mutation_response;
        $$ LANGUAGE sql;

        -- writes a row, then answers the status without an entity
        CREATE FUNCTION fn_status_without_entity(p_status text) RETURNS mutation_response AS $$
        BEGIN
            INSERT INTO tb_touch VALUES (p_status);
            RETURN ROW(p_status, 'no entity', NULL, 'Book', NULL, NULL, NULL, NULL)::mutation_response;
        END;
        $$ LANGUAGE plpgsql;

        -- writes a row, then answers a 13-column row made of its arguments (invariants included or not)
        CREATE FUNCTION fn_current_row(p_succeeded boolean, p_state_changed boolean, p_error_class text, p_http_status int)
        RETURNS mutation_result_v2 AS $$
        BEGIN
            INSERT INTO tb_touch VALUES ('current');
            RETURN ROW(p_succeeded, p_state_changed, p_error_class::mutation_error_class, NULL, p_http_status, 'claimed', NULL, 'Book',
                       jsonb_build_object('title', 'T'), NULL, NULL, NULL, NULL)::mutation_result_v2;
        END;
        $$ LANGUAGE plpgsql;
        """;

    public static readonly ObjectTypeDescriptor Book = new()
    {
        Name = "Book",
        Implements = ["CascadeNode"],
        Fields =
        [
            new FieldDescriptor { Name = "id", StorageKey = "id", Type = "UUID!" },
            new FieldDescriptor { Name = "tenantId", StorageKey = "tenant_id", Type = "String!" },
            new FieldDescriptor { Name = "title", StorageKey = "title", Type = "String!" },
            new FieldDescriptor { Name = "rating", StorageKey = "rating", Type = "Int" },
            new FieldDescriptor { Name = "published", StorageKey = "published", Type = "Boolean!" },
            new FieldDescriptor { Name = "author", StorageKey = "author", Type = "Author" },
            new FieldDescriptor { Name = "tags", StorageKey = "tags", Type = "[String!]" },
            new FieldDescriptor { Name = "wide", StorageKey = "wide", Type = "Wide" },
            // the same stored values read as the JSON scalar (its array, length and containment operators)
            new FieldDescriptor { Name = "tagsJson", StorageKey = "tags", Type = "JSON" },
            new FieldDescriptor { Name = "authorJson", StorageKey = "author", Type = "JSON" },
        ],
    };

    public static readonly ObjectTypeDescriptor Author = new()
    {
        Name = "Author",
        Fields =
        [
            new FieldDescriptor { Name = "name", StorageKey = "name", Type = "String" },
            new FieldDescriptor { Name = "bornYear", StorageKey = "born_year", Type = "Int" },
            new FieldDescriptor { Name = "address", StorageKey = "address", Type = "Address" },
        ],
    };

    public static readonly ObjectTypeDescriptor Address = new()
    {
        Name = "Address",
        Fields = [new FieldDescriptor { Name = "city", StorageKey = "city", Type = "String" }],
    };

    public static readonly ObjectTypeDescriptor Wide = new()
    {
        Name = "Wide",
        Fields = Enumerable.Range(1, 120).Select(n => new FieldDescriptor { Name = "f" + n, StorageKey = "f" + n, Type = "Int!" }).ToArray(),
    };

    public static readonly ObjectTypeDescriptor BookError = new()
    {
        Name = "BookError",
        IsError = true,
        Fields =
        [
            new FieldDescriptor { Name = "status", StorageKey = "status", Type = "String!" },
            new FieldDescriptor { Name = "message", StorageKey = "message", Type = "String" },
            new FieldDescriptor { Name = "httpStatus", StorageKey = "http_status", Type = "Int" },
            new FieldDescriptor { Name = "errorClass", StorageKey = "error_class", Type = "String" },
            new FieldDescriptor { Name = "field", StorageKey = "field", Type = "String" },
            new FieldDescriptor { Name = "max", StorageKey = "max", Type = "Int" },
            new FieldDescriptor { Name = "limits", StorageKey = "limits", Type = "RatingLimits" },
        ],
    };

    public static readonly ObjectTypeDescriptor RatingLimits = new()
    {
        Name = "RatingLimits",
        Fields =
        [
            new FieldDescriptor { Name = "min", StorageKey = "min", Type = "Int" },
            new FieldDescriptor { Name = "max", StorageKey = "max", Type = "Int" },
        ],
    };

    public static readonly ObjectTypeDescriptor RateBookPayload = new()
    {
        Name = "RateBookPayload",
        Fields =
        [
            new FieldDescriptor { Name = "entity", StorageKey = "entity", Type = "Book" },
            new FieldDescriptor { Name = "updatedFields", StorageKey = "updated_fields", Type = "[String!]!" },
            new FieldDescriptor { Name = "cascade", StorageKey = "cascade", Type = "CascadeUpdates" },
            new FieldDescriptor { Name = "message", StorageKey = "message", Type = "String" },
        ],
    };

    /// <summary>A second <c>CascadeNode</c>: cascade entries are projected by their <c>__typename</c>.</summary>
    public static readonly ObjectTypeDescriptor Shelf = new()
    {
        Name = "Shelf",
        Implements = ["CascadeNode"],
        Fields =
        [
            new FieldDescriptor { Name = "id", StorageKey = "id", Type = "UUID!" },
            new FieldDescriptor { Name = "label", StorageKey = "label", Type = "String" },
        ],
    };

    /// <summary>The typed cascade as the generator synthesizes it for <c>"cascade": true</c> (FORMATS §4.4).</summary>
    public static readonly ObjectTypeDescriptor[] CascadeTypes =
    [
        new()
        {
            Name = "CascadeUpdates",
            Fields =
            [
                new FieldDescriptor { Name = "updated", StorageKey = "updated", Type = "[UpdatedEntity!]" },
                new FieldDescriptor { Name = "deleted", StorageKey = "deleted", Type = "[DeletedEntity!]" },
                new FieldDescriptor { Name = "invalidations", StorageKey = "invalidations", Type = "[QueryInvalidation!]" },
                new FieldDescriptor { Name = "metadata", StorageKey = "metadata", Type = "CascadeMetadata" },
            ],
        },
        new()
        {
            Name = "UpdatedEntity",
            Fields =
            [
                new FieldDescriptor { Name = "typename", StorageKey = "__typename", Type = "String!" },
                new FieldDescriptor { Name = "id", StorageKey = "id", Type = "ID!" },
                new FieldDescriptor { Name = "operation", StorageKey = "operation", Type = "CascadeOperation" },
                new FieldDescriptor { Name = "entity", StorageKey = "entity", Type = "CascadeNode" },
            ],
        },
        new()
        {
            Name = "DeletedEntity",
            Fields =
            [
                new FieldDescriptor { Name = "typename", StorageKey = "__typename", Type = "String!" },
                new FieldDescriptor { Name = "id", StorageKey = "id", Type = "ID!" },
                new FieldDescriptor { Name = "deletedAt", StorageKey = "deletedAt", Type = "DateTime" },
            ],
        },
        new()
        {
            Name = "QueryInvalidation",
            Fields =
            [
                new FieldDescriptor { Name = "queryName", StorageKey = "queryName", Type = "String" },
                new FieldDescriptor { Name = "strategy", StorageKey = "strategy", Type = "String" },
                new FieldDescriptor { Name = "scope", StorageKey = "scope", Type = "String" },
            ],
        },
        new()
        {
            Name = "CascadeMetadata",
            Fields =
            [
                new FieldDescriptor { Name = "timestamp", StorageKey = "timestamp", Type = "String" },
                new FieldDescriptor { Name = "affectedCount", StorageKey = "affectedCount", Type = "Int" },
                new FieldDescriptor { Name = "depth", StorageKey = "depth", Type = "Int" },
                new FieldDescriptor { Name = "transactionId", StorageKey = "transactionId", Type = "String" },
            ],
        },
    ];

    public static readonly ObjectTypeDescriptor WhoAmI = new()
    {
        Name = "WhoAmI",
        Fields = [new FieldDescriptor { Name = "tenant", StorageKey = "tenant", Type = "String" }],
    };

    public static readonly QueryDescriptor Books = new()
    {
        Name = "books",
        ReturnType = "Book",
        ReturnsList = true,
        SqlSource = "\"v_book\"",
        HasWhere = true,
        HasOrderBy = true,
        HasLimit = true,
        HasOffset = true,
    };

    public static readonly QueryDescriptor TenantBooks = new()
    {
        Name = "tenantBooks",
        ReturnType = "Book",
        ReturnsList = true,
        SqlSource = "\"v_book\"",
        HasWhere = true,
        HasOrderBy = true,
        InjectParams = [new InjectParamDescriptor { Name = "tenant_id", Claim = "tenant_id" }],
    };

    public static readonly QueryDescriptor BookByTitle = new()
    {
        Name = "bookByTitle",
        ReturnType = "Book",
        Nullable = true,
        Arguments = [new ArgumentDescriptor { Name = "title", StorageKey = "title", Type = "String!" }],
        SqlSource = "\"v_book\"",
    };

    public static readonly QueryDescriptor SlowBooks = new()
    {
        Name = "slowBooks",
        ReturnType = "Book",
        ReturnsList = true,
        SqlSource = "\"v_slow_book\"",
    };

    public static readonly QueryDescriptor WhoAmIQuery = new()
    {
        Name = "whoami",
        ReturnType = "WhoAmI",
        Nullable = true,
        SqlSource = "\"v_whoami\"",
    };

    public static readonly MutationDescriptor RateBook = new()
    {
        Name = "rateBook",
        ReturnType = "RateBookResult",
        Arguments =
        [
            new ArgumentDescriptor { Name = "id", StorageKey = "id", Type = "UUID!" },
            new ArgumentDescriptor { Name = "rating", StorageKey = "rating", Type = "Int!" },
        ],
        FunctionName = "\"fn_rate_book\"",
        Sql = "SELECT * FROM \"fn_rate_book\"($1, $2, $3)",
        Parameters =
        [
            new SqlParameterDescriptor { Name = "p_id", Source = SqlParameterSource.Argument, Path = ["id"], GraphQLType = "UUID!", DbType = NpgsqlDbType.Uuid },
            new SqlParameterDescriptor { Name = "p_rating", Source = SqlParameterSource.Argument, Path = ["rating"], GraphQLType = "Int!", DbType = NpgsqlDbType.Integer },
            new SqlParameterDescriptor { Name = "p_tenant", Source = SqlParameterSource.Injected, Path = ["tenant_id"], GraphQLType = "String!", DbType = NpgsqlDbType.Text },
        ],
        InjectParams = [new InjectParamDescriptor { Name = "tenant_id", Claim = "tenant_id" }],
        Publishes = [new PublishDescriptor { Mutation = "rate_book", Subject = "fraiseql.book.rated" }],
    };

    public static readonly MutationDescriptor RateBookPlain = new()
    {
        Name = "rateBookPlain",
        ReturnType = "Book",
        Arguments = RateBook.Arguments,
        FunctionName = RateBook.FunctionName,
        Sql = RateBook.Sql,
        Parameters = RateBook.Parameters,
        InjectParams = RateBook.InjectParams,
    };

    public static readonly MutationDescriptor RateBookWithPayload = new()
    {
        Name = "rateBookWithPayload",
        ReturnType = "RateBookPayload",
        Arguments = RateBook.Arguments,
        FunctionName = RateBook.FunctionName,
        Sql = RateBook.Sql,
        // As the generator emits injected parameters: DbType Unknown, PostgreSQL infers the type from the function.
        Parameters =
        [
            RateBook.Parameters[0],
            RateBook.Parameters[1],
            new SqlParameterDescriptor { Name = "p_tenant", Source = SqlParameterSource.Injected, Path = ["tenant_id"], GraphQLType = "String", DbType = NpgsqlDbType.Unknown },
        ],
        InjectParams = RateBook.InjectParams,
    };

    public static readonly MutationDescriptor SlowTouch = new()
    {
        Name = "slowTouch",
        ReturnType = "Book",
        Arguments = [new ArgumentDescriptor { Name = "value", StorageKey = "value", Type = "String!" }],
        FunctionName = "\"fn_slow_touch\"",
        Sql = "SELECT * FROM \"fn_slow_touch\"($1)",
        Parameters =
        [
            new SqlParameterDescriptor { Name = "p_value", Source = SqlParameterSource.Argument, Path = ["value"], GraphQLType = "String!", DbType = NpgsqlDbType.Text },
        ],
    };

    public static readonly MutationDescriptor Status = new()
    {
        Name = "status",
        ReturnType = "Book",
        Arguments = [new ArgumentDescriptor { Name = "status", StorageKey = "status", Type = "String!" }],
        FunctionName = "\"fn_status\"",
        Sql = "SELECT * FROM \"fn_status\"($1)",
        Parameters =
        [
            new SqlParameterDescriptor { Name = "p_status", Source = SqlParameterSource.Argument, Path = ["status"], GraphQLType = "String!", DbType = NpgsqlDbType.Text },
        ],
        Publishes = [new PublishDescriptor { Mutation = "status", Subject = "fraiseql.book.status" }],
    };

    public static readonly InputTypeDescriptor EchoInput = new()
    {
        Name = "EchoInput",
        Fields =
        [
            new InputFieldDescriptor { Name = "title", StorageKey = "title", Type = "String" },
            new InputFieldDescriptor { Name = "extraData", StorageKey = "extra_data", Type = "JSON" },
        ],
    };

    /// <summary>input: EchoInput flattened: the JSON field is one jsonb parameter.</summary>
    public static readonly MutationDescriptor EchoExtra = new()
    {
        Name = "echoExtra",
        ReturnType = "Book",
        Arguments = [new ArgumentDescriptor { Name = "input", StorageKey = "input", Type = "EchoInput!" }],
        FunctionName = "\"fn_echo_extra\"",
        Sql = "SELECT * FROM \"fn_echo_extra\"($1, $2)",
        Parameters =
        [
            new SqlParameterDescriptor { Name = "p_title", Source = SqlParameterSource.Argument, Path = ["input", "title"], GraphQLType = "String", DbType = NpgsqlDbType.Text },
            new SqlParameterDescriptor { Name = "p_extra", Source = SqlParameterSource.Argument, Path = ["input", "extraData"], GraphQLType = "JSON", DbType = NpgsqlDbType.Jsonb },
        ],
    };

    /// <summary>input: EchoInput as one jsonb (the UPDATE / input_style jsonb form).</summary>
    public static readonly MutationDescriptor EchoInputAsJsonb = new()
    {
        Name = "echoInputAsJsonb",
        ReturnType = "Book",
        Operation = MutationOperation.Update,
        Arguments = [new ArgumentDescriptor { Name = "input", StorageKey = "input", Type = "EchoInput!" }],
        FunctionName = "\"fn_echo_input\"",
        Sql = "SELECT * FROM \"fn_echo_input\"($1)",
        Parameters = [new SqlParameterDescriptor { Name = "p_input", Source = SqlParameterSource.InputAsJsonb, Path = ["input"], GraphQLType = "EchoInput!", DbType = NpgsqlDbType.Jsonb }],
    };

    /// <summary>input: JSON, passed whole: snake_cased at every depth (FORMATS §4.1).</summary>
    public static readonly MutationDescriptor EchoJsonInput = new()
    {
        Name = "echoJsonInput",
        ReturnType = "Book",
        Arguments = [new ArgumentDescriptor { Name = "input", StorageKey = "input", Type = "JSON!" }],
        FunctionName = "\"fn_echo_input\"",
        Sql = "SELECT * FROM \"fn_echo_input\"($1)",
        Parameters = [new SqlParameterDescriptor { Name = "p_input", Source = SqlParameterSource.InputAsJsonb, Path = ["input"], GraphQLType = "JSON!", DbType = NpgsqlDbType.Jsonb }],
    };

    public static readonly MutationDescriptor StatusWithoutEntity = new()
    {
        Name = "statusWithoutEntity",
        ReturnType = "Book",
        Arguments = [new ArgumentDescriptor { Name = "status", StorageKey = "status", Type = "String!" }],
        FunctionName = "\"fn_status_without_entity\"",
        Sql = "SELECT * FROM \"fn_status_without_entity\"($1)",
        Parameters = [new SqlParameterDescriptor { Name = "p_status", Source = SqlParameterSource.Argument, Path = ["status"], GraphQLType = "String!", DbType = NpgsqlDbType.Text }],
    };

    public static readonly MutationDescriptor NullableStatusWithoutEntity = new()
    {
        Name = "nullableStatusWithoutEntity",
        ReturnType = "Book",
        Nullable = true,
        Arguments = StatusWithoutEntity.Arguments,
        FunctionName = StatusWithoutEntity.FunctionName,
        Sql = StatusWithoutEntity.Sql,
        Parameters = StatusWithoutEntity.Parameters,
    };

    public static readonly MutationDescriptor CurrentRow = new()
    {
        Name = "currentRow",
        ReturnType = "Book",
        Arguments =
        [
            new ArgumentDescriptor { Name = "succeeded", StorageKey = "succeeded", Type = "Boolean" },
            new ArgumentDescriptor { Name = "stateChanged", StorageKey = "state_changed", Type = "Boolean" },
            new ArgumentDescriptor { Name = "errorClass", StorageKey = "error_class", Type = "String" },
            new ArgumentDescriptor { Name = "httpStatus", StorageKey = "http_status", Type = "Int" },
        ],
        FunctionName = "\"fn_current_row\"",
        Sql = "SELECT * FROM \"fn_current_row\"($1, $2, $3, $4)",
        Parameters =
        [
            new SqlParameterDescriptor { Name = "p_succeeded", Source = SqlParameterSource.Argument, Path = ["succeeded"], GraphQLType = "Boolean", DbType = NpgsqlDbType.Boolean },
            new SqlParameterDescriptor { Name = "p_state_changed", Source = SqlParameterSource.Argument, Path = ["stateChanged"], GraphQLType = "Boolean", DbType = NpgsqlDbType.Boolean },
            new SqlParameterDescriptor { Name = "p_error_class", Source = SqlParameterSource.Argument, Path = ["errorClass"], GraphQLType = "String", DbType = NpgsqlDbType.Text },
            new SqlParameterDescriptor { Name = "p_http_status", Source = SqlParameterSource.Argument, Path = ["httpStatus"], GraphQLType = "Int", DbType = NpgsqlDbType.Integer },
        ],
    };

    public static readonly SchemaDescriptor Schema = new()
    {
        ServiceName = "catalog-test",
        Types = [Book, Author, Address, Wide, BookError, RatingLimits, RateBookPayload, WhoAmI, Shelf, .. CascadeTypes],
        Interfaces = [new InterfaceDescriptor { Name = "CascadeNode", Fields = [new FieldDescriptor { Name = "id", StorageKey = "id", Type = "ID!" }] }],
        Enums =
        [
            new EnumDescriptor
            {
                Name = "CascadeOperation",
                Values = [new EnumValueDescriptor { Name = "CREATED", StorageValue = "CREATED" }, new EnumValueDescriptor { Name = "UPDATED", StorageValue = "UPDATED" }, new EnumValueDescriptor { Name = "DELETED", StorageValue = "DELETED" }],
            },
        ],
        Unions = [new UnionDescriptor { Name = "RateBookResult", MemberTypes = ["Book", "BookError"] }],
        InputTypes = [.. DerivedInputs.LeafFilters(), .. DerivedInputs.For(Book), .. DerivedInputs.For(Author), EchoInput],
        Queries = [Books, TenantBooks, BookByTitle, SlowBooks, WhoAmIQuery],
        Mutations = [RateBook, RateBookPlain, RateBookWithPayload, SlowTouch, Status, EchoExtra, EchoInputAsJsonb, EchoJsonInput,
            StatusWithoutEntity, NullableStatusWithoutEntity, CurrentRow],
    };
}
