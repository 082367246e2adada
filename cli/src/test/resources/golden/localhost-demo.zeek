#separator \x09
#set_separator	,
#empty_field	(empty)
#unset_field	-
#path	conn
#fields	ts	uid	id.orig_h	id.orig_p	id.resp_h	id.resp_p	proto	service	duration	orig_bytes	resp_bytes	conn_state	local_orig	local_resp	missed_bytes	history	orig_pkts	orig_ip_bytes	resp_pkts	resp_ip_bytes	tunnel_parents
#types	time	string	addr	port	addr	port	enum	string	interval	count	count	string	bool	bool	count	string	count	count	count	count	set[string]
1795610245.531677	C3WR5aebG4g5wksmuv	127.0.0.1	38994	127.0.0.1	5173	tcp	-	0.000515	45	920	SF	-	-	0	ShADadFf	6	365	4	1136	-
1795610245.531677	CfvcFwC7P31HfU7H0K	127.0.0.1	38992	127.0.0.1	5173	tcp	-	0.000256	41	920	SF	-	-	0	ShADadFf	6	361	4	1136	-
1795610245.732666	CidyxyYxPOFIEYjZZ5	127.0.0.1	39012	127.0.0.1	5173	tcp	-	0.050416	19	0	RSTO	-	-	0	ShADaR	4	235	2	112	-
1795610245.983654	CyZuhYK52aTwDY79tE	127.0.0.1	38950	127.0.0.1	5174	tcp	-	0.000014	0	0	REJ	-	-	0	Sr	1	60	1	40	-
