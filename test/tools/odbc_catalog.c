/*
 * odbc_catalog: catalog discovery through ODBC the way BI tools do it
 * (Power BI, Excel): one connection, SQLTables for a schema, then SQLColumns
 * for each table or view found.  unixODBC's isql cannot do that: its "help"
 * passes no schema, and psqlODBC then only finds relations on the search_path.
 *
 *   odbc_catalog 'DSN=...;UID=...;PWD=...' SCHEMA
 *
 * prints, '|'-separated,
 *   T|schema|table|table_type                    one line per table, view, ...
 *   C|table|ordinal|column|data_type|type_name   one line per column
 * and exits 1 with the driver's diagnostics on stderr on any ODBC error.
 * Used by test/tap/odbc.t, which compiles it with gcc ... -lodbc.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sql.h>
#include <sqlext.h>

#define MAX_TABLES 1024

static void
die(const char *what, SQLSMALLINT type, SQLHANDLE handle)
{
	SQLCHAR		state[8], msg[1024];
	SQLINTEGER	native;
	SQLSMALLINT len, i = 1;

	fprintf(stderr, "odbc_catalog: %s failed\n", what);
	while (SQLGetDiagRec(type, handle, i++, state, &native, msg, sizeof msg, &len) == SQL_SUCCESS)
		fprintf(stderr, "  [%s] %s\n", state, msg);
	exit(1);
}

#define CHECK(rc, what, type, handle) \
	do { if (!SQL_SUCCEEDED(rc)) die(what, type, handle); } while (0)

/* A string column of the current row; "" for NULL. */
static void
get_text(SQLHSTMT st, SQLUSMALLINT col, char *buf, SQLLEN size)
{
	SQLLEN		ind;
	SQLRETURN	rc = SQLGetData(st, col, SQL_C_CHAR, buf, size, &ind);

	CHECK(rc, "SQLGetData", SQL_HANDLE_STMT, st);
	if (ind == SQL_NULL_DATA)
		buf[0] = '\0';
}

static long
get_long(SQLHSTMT st, SQLUSMALLINT col)
{
	SQLINTEGER	v = 0;
	SQLLEN		ind;
	SQLRETURN	rc = SQLGetData(st, col, SQL_C_SLONG, &v, 0, &ind);

	CHECK(rc, "SQLGetData", SQL_HANDLE_STMT, st);
	return ind == SQL_NULL_DATA ? -999999 : (long) v;
}

int
main(int argc, char **argv)
{
	SQLHENV		env;
	SQLHDBC		dbc;
	SQLHSTMT	st;
	SQLRETURN	rc;
	static char tables[MAX_TABLES][256];
	int			ntables = 0;
	char		schema[256], name[256], type[256], column[256], type_name[256];

	if (argc != 3)
	{
		fprintf(stderr, "usage: %s CONNECTION-STRING SCHEMA\n", argv[0]);
		return 2;
	}

	rc = SQLAllocHandle(SQL_HANDLE_ENV, SQL_NULL_HANDLE, &env);
	if (!SQL_SUCCEEDED(rc))
		return 1;
	SQLSetEnvAttr(env, SQL_ATTR_ODBC_VERSION, (SQLPOINTER) SQL_OV_ODBC3, 0);
	rc = SQLAllocHandle(SQL_HANDLE_DBC, env, &dbc);
	CHECK(rc, "SQLAllocHandle(DBC)", SQL_HANDLE_ENV, env);
	rc = SQLDriverConnect(dbc, NULL, (SQLCHAR *) argv[1], SQL_NTS, NULL, 0, NULL, SQL_DRIVER_NOPROMPT);
	CHECK(rc, "SQLDriverConnect", SQL_HANDLE_DBC, dbc);
	rc = SQLAllocHandle(SQL_HANDLE_STMT, dbc, &st);
	CHECK(rc, "SQLAllocHandle(STMT)", SQL_HANDLE_DBC, dbc);

	/* Every table and view of the schema, as a BI tool's navigator lists them. */
	rc = SQLTables(st, NULL, 0, (SQLCHAR *) argv[2], SQL_NTS, (SQLCHAR *) "%", SQL_NTS, NULL, 0);
	CHECK(rc, "SQLTables", SQL_HANDLE_STMT, st);
	while ((rc = SQLFetch(st)) != SQL_NO_DATA)
	{
		CHECK(rc, "SQLFetch(SQLTables)", SQL_HANDLE_STMT, st);
		get_text(st, 2, schema, sizeof schema);
		get_text(st, 3, name, sizeof name);
		get_text(st, 4, type, sizeof type);
		printf("T|%s|%s|%s\n", schema, name, type);
		if (ntables < MAX_TABLES)
			snprintf(tables[ntables++], sizeof tables[0], "%s", name);
	}
	SQLCloseCursor(st);

	/* Columns of each, with the ODBC SQL type the driver reports. */
	for (int i = 0; i < ntables; i++)
	{
		rc = SQLColumns(st, NULL, 0, (SQLCHAR *) argv[2], SQL_NTS, (SQLCHAR *) tables[i], SQL_NTS, NULL, 0);
		CHECK(rc, "SQLColumns", SQL_HANDLE_STMT, st);
		while ((rc = SQLFetch(st)) != SQL_NO_DATA)
		{
			CHECK(rc, "SQLFetch(SQLColumns)", SQL_HANDLE_STMT, st);
			get_text(st, 3, name, sizeof name);
			get_text(st, 4, column, sizeof column);
			long		data_type = get_long(st, 5);

			get_text(st, 6, type_name, sizeof type_name);
			long		ordinal = get_long(st, 17);

			printf("C|%s|%ld|%s|%ld|%s\n", name, ordinal, column, data_type, type_name);
		}
		SQLCloseCursor(st);
	}

	SQLFreeHandle(SQL_HANDLE_STMT, st);
	SQLDisconnect(dbc);
	SQLFreeHandle(SQL_HANDLE_DBC, dbc);
	SQLFreeHandle(SQL_HANDLE_ENV, env);
	return 0;
}
