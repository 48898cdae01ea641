/*
 * cuvr.c
 *		Module entry points and small helpers shared by the SQL layer.
 */
#include "compat.h"

#include "fmgr.h"
#include "miscadmin.h"
#include "utils/builtins.h"

#include "cuvr.h"

PG_MODULE_MAGIC;

/* ----------------------------------------------------------------
 *		SQL-callable functions
 * ----------------------------------------------------------------
 */
PG_FUNCTION_INFO_V1(cuvr_acting_role);

/*
 * cuvr.acting_role(): the role on whose behalf the current statement runs.
 *
 * Unlike current_user it is not changed by SECURITY DEFINER functions, and
 * unlike session_user it follows SET ROLE, so the journal names the real
 * caller even when cuvr.register_appeal() runs as the extension owner.
 */
Datum
cuvr_acting_role(PG_FUNCTION_ARGS)
{
	char	   *rolename = GetUserNameFromId(GetOuterUserId(), false);
	Name		result = (Name) palloc0(NAMEDATALEN);

	namestrcpy(result, rolename);
	PG_RETURN_NAME(result);
}
