echo hello {{ vars.table }}
