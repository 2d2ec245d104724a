/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef KBP_KBACKPORT_H
#define KBP_KBACKPORT_H

#define KBP_VERSION "0.1.0"

const char *kbp_datadir(void);

int cmd_detect(int argc, char **argv);
int cmd_apply(int argc, char **argv);
int cmd_cocci(int argc, char **argv);
int cmd_build(int argc, char **argv);
int cmd_package(int argc, char **argv);
int cmd_qa(int argc, char **argv);
int cmd_run(int argc, char **argv);

#endif
