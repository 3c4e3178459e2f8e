# The platform's processes on ECS Fargate: the site, the real-time gateway, the worker,
# one tracker service per cell, and two one-off task definitions (migrations, the
# operator CLI). Every task runs an image of image_tag from image_registry; configuration
# comes from environment values here and secrets from Secrets Manager (never both).

data "aws_region" "current" {}

locals {
  site_port          = 3000
  gateway_port       = 3200
  tracker_port       = 6969
  metrics_port       = 6970
  worker_health_port = 3300

  image = {
    for target in ["web", "realtime", "worker", "tracker", "migrate", "cli"] :
    target => "${var.image_registry}/swarmhost/${target}:${var.image_tag}"
  }

  tracker_url = {
    for cell, _ in var.tracker_cells : cell => "http://${cell}.tracker.${var.base_domain}:${local.tracker_port}"
  }

  # Shared by every long-running process: they connect as swarmhost_app (row-level
  # security applies) or swarmhost_system, never as the tables' owner.
  shared_environment = [
    { name = "NODE_ENV", value = "production" },
    { name = "LOG_LEVEL", value = var.log_level },
    { name = "BASE_DOMAIN", value = var.base_domain },
    { name = "PUBLIC_TRACKER_URL", value = local.tracker_url[var.default_tracker_cell] },
  ]
  shared_secrets = [
    { name = "DATABASE_URL", valueFrom = "${var.database_secret_arn}:app_url::" },
    { name = "DATABASE_APP_URL", valueFrom = "${var.database_secret_arn}:app_url::" },
    { name = "DATABASE_SYSTEM_URL", valueFrom = "${var.database_secret_arn}:system_url::" },
    { name = "REDIS_URL", valueFrom = var.redis_secret_arn },
  ]
  search_environment = [
    { name = "SEARCH_BACKEND", value = var.search_backend },
    { name = "MEILISEARCH_URL", value = var.meilisearch_url },
  ]
  search_secrets = [
    { name = "MEILISEARCH_KEY", valueFrom = var.meilisearch_key_secret_arn },
  ]
  # Owner connection and the roles' password: only the migration and CLI tasks get these.
  owner_secrets = [
    { name = "DATABASE_URL", valueFrom = "${var.database_secret_arn}:owner_url::" },
    { name = "DATABASE_APP_URL", valueFrom = "${var.database_secret_arn}:app_url::" },
    { name = "DATABASE_SYSTEM_URL", valueFrom = "${var.database_secret_arn}:system_url::" },
    { name = "APP_DB_PASSWORD", valueFrom = "${var.database_secret_arn}:roles_password::" },
    { name = "REDIS_URL", valueFrom = var.redis_secret_arn },
  ]
}

resource "aws_cloudwatch_log_group" "process" {
  for_each          = toset(concat(["site", "gateway", "worker", "migrate", "cli"], [for cell, _ in var.tracker_cells : "tracker-${cell}"]))
  name              = "/ecs/${var.name}/${each.value}"
  retention_in_days = var.log_retention_days
  tags              = var.tags
}

data "aws_iam_policy_document" "ecs_tasks_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
  }
}

# What the processes themselves may call: only CloudWatch Logs, for the tracker's metrics
# sidecar (embedded metric format).
resource "aws_iam_role" "task" {
  name               = "${var.name}-ecs-task"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
  tags               = var.tags
}

data "aws_iam_policy_document" "task" {
  statement {
    actions   = ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"]
    resources = ["arn:aws:logs:*:*:log-group:/ecs/${var.name}/*"]
  }
}

resource "aws_iam_role_policy" "task" {
  name   = "swarmhost-task"
  role   = aws_iam_role.task.id
  policy = data.aws_iam_policy_document.task.json
}

# ECS restarts a container whose /healthz stops answering 200 (node's fetch: the runtime
# images carry no curl).
locals {
  health_check = {
    for name, port in { worker = local.worker_health_port, tracker = local.metrics_port } : name => {
      command     = ["CMD", "node", "-e", "fetch('http://127.0.0.1:${port}/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
      interval    = 15
      timeout     = 5
      retries     = 3
      startPeriod = 60
    }
  }
}

# Each process's awslogs settings, by log group.
locals {
  log_options = {
    for group, resource in aws_cloudwatch_log_group.process : group => {
      logDriver = "awslogs"
      options = {
        awslogs-group         = resource.name
        awslogs-region        = data.aws_region.current.region
        awslogs-stream-prefix = group
      }
    }
  }
}
