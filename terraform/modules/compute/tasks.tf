# One-off tasks, started with `aws ecs run-task` (the deploy workflow runs the
# migration before every apply; operators run the CLI the same way, its arguments as the
# command override: the cli image's entry point is the CLI, README "Deploying to AWS"). Both connect as the tables' owner and receive the roles' password: the
# migration creates or updates swarmhost_app and swarmhost_system with it.

resource "aws_ecs_task_definition" "migrate" {
  family                   = "${var.name}-migrate"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 512
  memory                   = 1024
  execution_role_arn       = var.execution_role_arn
  task_role_arn            = aws_iam_role.task.arn
  tags                     = var.tags

  container_definitions = jsonencode([
    {
      name             = "migrate"
      image            = local.image["migrate"]
      essential        = true
      environment      = local.shared_environment
      secrets          = local.owner_secrets
      logConfiguration = local.log_options["migrate"]
    }
  ])
}

resource "aws_ecs_task_definition" "cli" {
  family                   = "${var.name}-cli"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 512
  memory                   = 1024
  execution_role_arn       = var.execution_role_arn
  task_role_arn            = aws_iam_role.task.arn
  tags                     = var.tags

  container_definitions = jsonencode([
    {
      name             = "cli"
      image            = local.image["cli"]
      essential        = true
      command          = ["--help"]
      environment      = concat(local.shared_environment, local.search_environment)
      secrets          = concat(local.owner_secrets, local.search_secrets)
      logConfiguration = local.log_options["cli"]
    }
  ])
}
